// follows: slingr-docs, "Aggregate queries" page (createAggregateQuery with match, group, sort stages)
// app: crm
// expect: [{"type":"b","total":70},{"type":"a","total":10}]
[['A1', 'a', 10, true], ['A2', 'a', 99, false], ['B1', 'b', 30, true], ['B2', 'b', 40, true]].forEach(function (row) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(row[0]);
  c.field('type').val(row[1]);
  c.field('employees').val(row[2]);
  c.field('isCustomer').val(row[3]);
  sys.data.save(c);
});
var query = sys.data.createAggregateQuery('companies');
query.match().field('isCustomer').equals(true);
query.group().by('type').accumulate('total').sum('employees');
query.sort().by('total', 'desc');
var rs = sys.data.aggregate(query);
var out = [];
while (rs.hasNext()) {
  var r = rs.next();
  out.push({ type: r.type, total: r.total });
}
return out;
