// follows: slingr-docs, "sys.data" page (count(entityName), count(entityName, queryMap), count(queryBuilder); _size is ignored)
// app: crm
// expect: [4,2,2,4]
['A', 'B', 'C', 'D'].forEach(function (name, i) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(name);
  c.field('type').val(i % 2 === 0 ? 'a' : 'b');
  sys.data.save(c);
});
return [
  sys.data.count('companies'),
  sys.data.count('companies', { type: 'a' }),
  sys.data.count(sys.data.createQuery('companies').field('type').equals('b')),
  sys.data.count('companies', { _size: 1 })
];
