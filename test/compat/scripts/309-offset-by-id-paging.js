// follows: slingr-docs, "Query language" page (using the last record's id as _offset to fetch the next page)
// app: crm
// expect: {"pages":3,"seen":12,"distinct":12}
for (var i = 0; i < 12; i++) {
  var c = sys.data.createRecord('companies');
  c.field('name').val('Company ' + i);
  sys.data.save(c);
}
var seen = [];
var lastId = null;
var pages = 0;
while (true) {
  var query = { _size: 5 };
  if (lastId) query._offset = lastId;
  var rs = sys.data.find('companies', query);
  var got = 0;
  while (rs.hasNext()) {
    var record = rs.next();
    seen.push(record.id());
    lastId = record.id();
    got++;
  }
  if (got === 0) break;
  pages++;
}
var distinct = {};
seen.forEach(function (id) { distinct[id] = true; });
return { pages: pages, seen: seen.length, distinct: Object.keys(distinct).length };
