// Resets the password of every BLOCKED user (which also reactivates them) and mails each a link.
// Run: pnpm warden run scripts-examples/admin/bulk-reset-blocked.js --app scripts-examples/app.json --db .warden/bulk.db
var blocked = sys.data.find('sys.users', { status: 'BLOCKED' });
var emails = [];
try {
  while (blocked.hasNext()) {
    var user = blocked.next();
    var result = sys.users.resetPassword(user, { notifyUser: true });
    emails.push(result.userEmail);
    log('reset and reactivated ' + result.userEmail);
  }
} finally {
  blocked.close();
}
log(emails.length + ' blocked user(s) reset');
return emails;
