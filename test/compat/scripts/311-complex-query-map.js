// follows: slingr-docs, "Query language" page (complex query map: _or holding an _and)
// app: crm
// expect: ["A1","A2","B-customer"]
[['A1', 'a', false], ['A2', 'a', true], ['B-customer', 'b', true], ['B-prospect', 'b', false], ['C1', 'c', true]].forEach(function (row) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(row[0]);
  c.field('type').val(row[1]);
  c.field('isCustomer').val(row[2]);
  sys.data.save(c);
});
var names = [];
var rs = sys.data.find('companies', { _or: { type: 'a', _and: { type: 'b', isCustomer: true } }, _sortField: 'name', _sortType: 'asc' });
while (rs.hasNext()) names.push(rs.next().field('name').val());
return names;
