// After-hook on user.signInFailed: when one ip address has failed 3 times or more in the last
// 10 minutes (over any accounts, as the audit log shows), the account it is trying is blocked.
// It runs after the audit hook of the same event, so the failure at hand is counted.
var LIMIT = 3;
var WINDOW_MS = 10 * 60 * 1000;
var ip = event.data.ip;
if (!ip || !record) return 'ignored';

var failures = 0;
var recent = sys.data.find('auditLogs', {
  event: 'user.signInFailed',
  at: 'greaterOrEquals(' + (event.time - WINDOW_MS) + ')',
});
while (recent.hasNext()) {
  var details = recent.next().field('details').val() || {};
  if (details.ip === ip) failures++;
}
if (failures < LIMIT) return 'watching';

var user = sys.data.findById('sys.users', record.id());
if (!user || user.field('status').val() === 'BLOCKED') return 'already blocked';
user.field('status').val('BLOCKED');
sys.data.save(user);
log('blocked ' + user.field('email').val() + ' after ' + failures + ' failed sign-ins from ' + ip);
return 'blocked';
