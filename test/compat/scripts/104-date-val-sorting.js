// follows: slingr-stack/performance-package, scripts/cache.js (compareValues sorts field values that are Dates with getTime)
// app: records
// expect: ["Globex","Acme","Initech"]
function compareValues(a, b) {
  if (typeof a === 'string' || a instanceof String) {
    return a.localeCompare(b);
  } else if (a instanceof Date && b instanceof Date) {
    return a.getTime() - b.getTime();
  }
  return a - b;
}
var data = [['Acme', '2015-03-01'], ['Globex', '2012-11-30'], ['Initech', '2019-01-15']];
for (var i = 0; i < data.length; i++) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(data[i][0]);
  c.field('startDate').val(data[i][1]);
  sys.data.save(c);
}
var items = [];
var rs = sys.data.find('companies', {});
while (rs.hasNext()) items.push(rs.next());
items.sort(function (a, b) { return compareValues(a.field('startDate').val(), b.field('startDate').val()); });
return items.map(function (r) { return r.label(); });
