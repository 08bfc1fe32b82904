// Offboards a leaver: deactivates the account, unlinks identity providers, leaves every group
// but the primary one, and hands their companies to a successor.
// Run: pnpm warden run scripts-examples/admin/offboard-leaver.js --app scripts-examples/app.json --db .warden/offboard.db \
//        --param email=leaver@example.com --param successor=boss@example.com
var leaver = sys.data.findOne('sys.users', email);
if (!leaver) sys.exceptions.throwException('notFound', 'no user ' + email);
var heir = typeof successor === 'undefined' ? null : sys.data.findOne('sys.users', successor);

var links = leaver.field('identityProviders').val() || [];
links.forEach(function (link) {
  leaver = sys.users.removeIdentityProvider(leaver.id(), link.identityProvider);
  log('unlinked ' + link.identityProvider);
});

var primary = sys.users.getPrimaryGroup(leaver);
(leaver.field('groups').val() || []).forEach(function (g) {
  if (!primary || g.group !== primary.name) sys.users.removeGroup(leaver, g.group);
});
sys.data.save(leaver);

var moved = 0;
if (heir) {
  var owned = sys.data.find('companies', { owner: leaver.id() });
  while (owned.hasNext()) {
    var company = owned.next();
    company.field('owner').val(heir);
    sys.data.save(company);
    moved++;
  }
}
leaver = sys.users.deactivate(leaver);
log(leaver.email() + ' is ' + leaver.status() + '; companies moved: ' + moved);
return { status: leaver.status(), companiesMoved: moved };
