// follows: slingr-docs, "Aggregate queries" page (group by with count(), sum(), avg(), min(), max(), then sort)
// app: crm
// expect: [{"type":"a","n":2,"total":30,"avg":15,"min":10,"max":20},{"type":"b","n":1,"total":5,"avg":5,"min":5,"max":5}]
[['A1', 'a', 10], ['A2', 'a', 20], ['B1', 'b', 5]].forEach(function (row) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(row[0]);
  c.field('type').val(row[1]);
  c.field('employees').val(row[2]);
  sys.data.save(c);
});
var rs = sys.data.aggregate('companies', [
  { group: { by: 'type', n: 'count()', total: 'sum(employees)', avg: 'avg(employees)', min: 'min(employees)', max: 'max(employees)' } },
  { sort: { type: 'asc' } }
]);
var out = [];
while (rs.hasNext()) {
  var r = rs.next();
  out.push({ type: r.type, n: r.n, total: r.total, avg: r.avg, min: r.min, max: r.max });
}
return out;
