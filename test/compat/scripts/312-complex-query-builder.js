// follows: slingr-docs, "Query language" page (query builder query(function(q) { return q.and(..., q.or(...)); }))
// app: crm
// expect: {"count":2,"text":"and(filter('isCustomer','equals(true)'),or(filter('type','equals(c)'),filter('employees','greater(100)')))"}
[['Big', 'a', true, 500], ['Small', 'a', true, 5], ['Cee', 'c', true, 1], ['Prospect', 'c', false, 900]].forEach(function (row) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(row[0]);
  c.field('type').val(row[1]);
  c.field('isCustomer').val(row[2]);
  c.field('employees').val(row[3]);
  sys.data.save(c);
});
var text = null;
var query = sys.data.createQuery('companies').query(function (q) {
  var criteria = q.and(
    q.field('isCustomer').equals(true),
    q.or(q.field('type').equals('c'), q.field('employees').greater(100))
  );
  text = criteria.toString();
  return criteria;
});
return { count: sys.data.count(query), text: text };
