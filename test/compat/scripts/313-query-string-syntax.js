// follows: slingr-docs, "Query language" page (the _query complex string syntax, also accepted by the builder's query())
// app: crm
// expect: {"map":2,"builder":2}
[['A1', 'a', false], ['B1', 'b', true], ['B2', 'b', false]].forEach(function (row) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(row[0]);
  c.field('type').val(row[1]);
  c.field('isCustomer').val(row[2]);
  sys.data.save(c);
});
var text = "or(filter('type','a'),and(filter('type','b'),filter('isCustomer','true')))";
return {
  map: sys.data.count('companies', { _query: text }),
  builder: sys.data.count(sys.data.createQuery('companies').query(text))
};
