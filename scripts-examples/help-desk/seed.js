// A help desk to look at from each side: two agents, a supervisor and four tickets.
// Run: pnpm warden run scripts-examples/help-desk/seed.js --app scripts-examples/help-desk/app.json --db .warden/help-desk.db
function person(first, email, group) {
  var u = sys.data.createRecord('sys.users');
  u.field('firstName').val(first);
  u.field('lastName').val('Desk');
  u.field('email').val(email);
  sys.users.addGroup(u, group, true);
  sys.data.save(u);
  return u;
}
var ann = person('Ann', 'ann@example.com', 'agents');
var bob = person('Bob', 'bob@example.com', 'agents');
person('Sue', 'sue@example.com', 'supervisors');

function ticket(title, assignee, status) {
  var t = sys.data.createRecord('tickets');
  t.field('title').val(title);
  t.field('assignee').val(assignee);
  t.field('status').val(status);
  t.field('internalNotes').val('for supervisors only');
  sys.data.save(t);
}
ticket('Printer on fire', ann, 'open');
ticket('VPN drops at noon', ann, 'closed');
ticket('Password manager sync', bob, 'open');
ticket('New laptop', bob, 'open');
return sys.data.count('tickets') + ' tickets';
