// update password for user and notified about it by email
var user = sys.data.findOne('sys.users', {email: 'your_email@example.com'});
var options = {
  notifyUser: true,
  currentPassword: "CurrentPassword456",
  newPassword: "OldPassword123"
};
var result = sys.users.updatePassword(user, options);
log('Update password result: ' + JSON.stringify(result));
