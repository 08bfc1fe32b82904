// After-hook on user events: one auditLogs record per event, with who, what and when.
// Declared in scripts-examples/hooks/app.json for several user events; `event` is the event,
// `record` the user after the change (null for a sign-in with an unknown email).
var details = {};
Object.keys(event.data).forEach(function (key) {
  details[key] = event.data[key];
});
if (oldRecord && record && oldRecord.field('status').val() !== record.field('status').val()) {
  details.statusBefore = oldRecord.field('status').val();
  details.statusAfter = record.field('status').val();
}
var entry = sys.data.createRecord('auditLogs');
entry.field('event').val(event.type);
entry.field('userEmail').val(record ? record.field('email').val() : event.data.email || null);
entry.field('details').val(details);
entry.field('at').val(event.time);
sys.data.save(entry);
