// follows: slingr-docs, "Query language" page (the builder throws while the query is built, at field('doesNotExist'))
// app: crm
// expect: {"thrownAt":"field","code":"badRequest"}
var out = { thrownAt: 'nowhere' };
var step = 'create';
try {
  var query = sys.data.createQuery('companies');
  step = 'field';
  query.field('doesNotExist').equals('test');
  step = 'count';
  log('count: ' + sys.data.count(query));
} catch (e) {
  out.thrownAt = step;
  out.code = e.code();
}
return out;
