// follows: slingr-docs, "Query language" page (a query map's bad field fails when the query runs; caught with try/catch)
// app: crm
// expect: {"code":"badRequest","mentionsField":true}
var out = {};
try {
  var query = { doesNotExist: 'test' };
  var count = sys.data.count('companies', query);
  log('count: ' + count);
} catch (e) {
  out.code = e.code();
  out.mentionsField = e.message().indexOf('doesNotExist') >= 0;
}
return out;
