// follows: slingr-docs, "Query language" page (comma-separated values act as OR; a value holding a comma goes in double quotes)
// app: crm
// expect: {"either":["Blogpad","Jazzy"],"quoted":1,"builder":2}
['Blogpad', 'Jazzy', 'ACME, Inc', 'Other'].forEach(function (name) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(name);
  sys.data.save(c);
});
var either = [];
var rs = sys.data.find('companies', { name: 'Blogpad,Jazzy', _sortField: 'name', _sortType: 'asc' });
while (rs.hasNext()) either.push(rs.next().field('name').val());
return {
  either: either,
  quoted: sys.data.count('companies', { name: '"ACME, Inc"' }),
  builder: sys.data.count(sys.data.createQuery('companies').field('name').equals('Blogpad,Jazzy'))
};
