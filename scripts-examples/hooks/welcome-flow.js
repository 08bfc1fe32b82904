// After-hook on user.created: a new user without a group joins the default group 'members'
// (as its primary group), and the welcome is logged. The save raises user.groupAdded, which
// the audit hook records in turn.
var user = sys.data.findById('sys.users', record.id());
if (!user) return 'gone';
if ((user.field('groups').val() || []).length > 0) {
  log('welcome ' + user.field('email').val() + ': already in a group');
  return 'kept';
}
sys.users.addGroup(user, 'members', true);
sys.data.save(user);
log('welcome ' + user.field('email').val() + ': added to members');
return 'added';
