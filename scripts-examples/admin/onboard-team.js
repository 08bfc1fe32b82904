// Onboards a team: one user per member, in a group, with a welcome mail to set a password.
// Run: pnpm warden run scripts-examples/admin/onboard-team.js --app scripts-examples/app.json --db .warden/onboard.db \
//        --param 'team=[{"firstName":"Grace","lastName":"Hopper","email":"grace@example.com"}]' --param group=Group1
var members = typeof team === 'undefined' ? [] : team;
var groupName = typeof group === 'undefined' ? 'Group1' : group;
if (!Array.isArray(members) || members.length === 0) {
  sys.exceptions.throwException('badRequest', 'pass the team as --param team=[{firstName, lastName, email}, ...]');
}
var created = [];
members.forEach(function (m) {
  if (sys.data.findOne('sys.users', m.email)) {
    sys.logs.warn(m.email + ' already has an account; skipped');
    return;
  }
  var user = sys.data.createRecord('sys.users');
  user.field('firstName').val(m.firstName);
  user.field('lastName').val(m.lastName);
  user.field('email').val(m.email);
  user.field('sendWelcomeEmail').val(true);
  sys.users.addGroup(user, groupName, true);
  sys.data.save(user);
  created.push(user.email());
  log('onboarded ' + user.fullName() + ' <' + user.email() + '>');
});
return { created: created };
