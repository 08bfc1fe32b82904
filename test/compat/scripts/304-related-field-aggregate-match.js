// follows: slingr-docs, "Aggregate queries" page (match then group with sum), matching on a related record's field
// app: helpdesk
// expect: [{"status":"closed","hours":3},{"status":"open","hours":7.5}]
var acme = sys.data.createRecord('crm.companies');
acme.field('name').val('Acme');
acme.field('type').val('a');
sys.data.save(acme);
var other = sys.data.createRecord('crm.companies');
other.field('name').val('Other');
other.field('type').val('b');
sys.data.save(other);
var rows = [['open', 5, acme], ['open', 2.5, acme], ['closed', 3, acme], ['open', 100, other]];
rows.forEach(function (r) {
  var t = sys.data.createRecord('support.tickets');
  t.field('title').val('t' + r[1]);
  t.field('status').val(r[0]);
  t.field('hours').val(r[1]);
  t.field('company').val(r[2]);
  sys.data.save(t);
});
var result = sys.data.aggregate('support.tickets', [
  { match: { 'company.type': 'a' } },
  { group: { by: 'status', hours: 'sum(hours)' } },
  { sort: { status: 'asc' } }
]);
var out = [];
while (result.hasNext()) {
  var row = result.next();
  out.push({ status: row.status, hours: row.hours });
}
return out;
