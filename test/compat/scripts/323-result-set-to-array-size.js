// follows: slingr-docs, "sys.commons" page (ResultSet count() ignores _size; toArray() of a sized query)
// app: crm
// expect: {"count":6,"array":2,"names":["C5","C4"]}
for (var i = 0; i < 6; i++) {
  var c = sys.data.createRecord('companies');
  c.field('name').val('C' + i);
  sys.data.save(c);
}
var rs = sys.data.find('companies', { _size: 2 });
var all = rs.toArray();
return {
  count: sys.data.find('companies', { _size: 2 }).count(),
  array: all.length,
  names: all.map(function (r) { return r.field('name').val(); })
};
