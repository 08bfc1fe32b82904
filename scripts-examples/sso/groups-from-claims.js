// After-hook on user.providerSignedIn: the provider's `groups` claim decides which of the app's
// groups the user is in. Groups this app does not manage are ignored; the primary group (the
// provider's default group) stays. `event.data` has `provider`, `externalId` and `claims`.
var MANAGED = ['support', 'admins'];
var claimed = Array.isArray(event.data.claims.groups) ? event.data.claims.groups : [];
var user = sys.data.findById('sys.users', record.id());
var changed = false;
MANAGED.forEach(function (group) {
  var wanted = claimed.indexOf(group) >= 0;
  var has = sys.users.containsGroup(user, group);
  if (wanted && !has) {
    sys.users.addGroup(user, group);
    changed = true;
  } else if (!wanted && has) {
    sys.users.removeGroup(user, group);
    changed = true;
  }
});
if (changed) sys.data.save(user);
