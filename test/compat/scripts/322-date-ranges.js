// follows: slingr-docs, "Date type" page (between(from,to) inclusive, greater and less on date fields)
// app: crm
// expect: [2,1,1,1]
['2023-12-31', '2024-01-15', '2024-02-01', null].forEach(function (since, i) {
  var c = sys.data.createRecord('companies');
  c.field('name').val('C' + i);
  if (since) c.field('since').val(since);
  sys.data.save(c);
});
return [
  sys.data.count('companies', { since: 'between(2024-01-01,2024-02-01)' }),
  sys.data.count('companies', { since: 'greater(2024-01-15)' }),
  sys.data.count(sys.data.createQuery('companies').field('since').less('2024-01-01')),
  sys.data.count('companies', { since: 'empty()' })
];
