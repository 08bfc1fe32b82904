// What the current user sees: agents their own tickets without internal notes, supervisors all.
// Run after seed.js, as each person:
//   pnpm warden run scripts-examples/help-desk/my-tickets.js --app scripts-examples/help-desk/app.json --db .warden/help-desk.db --as ann@example.com
var seen = [];
var tickets = sys.data.find('tickets', { _sortField: 'title', _sortType: 'asc' });
while (tickets.hasNext()) {
  var t = tickets.next();
  seen.push(t.field('title').val() + ' (' + t.field('status').val() + ')' + (t.field('internalNotes').val() ? ' [notes]' : ''));
}
var closed = sys.data.findOne('tickets', { status: 'closed' });
if (closed) {
  closed.field('title').val('Reopened?');
  try {
    sys.data.save(closed);
    seen.push('edited a closed ticket');
  } catch (e) {
    seen.push('closed tickets are read-only: ' + e.code());
  }
}
return seen;
