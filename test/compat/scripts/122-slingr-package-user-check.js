// follows: slingr-stack/slingr-package, scripts/users.js (create() refuses what is empty or not __class__ 'Data') with utils-package commons.isEmpty
// app: records
// expect: {"saved":true,"refused":"badRequest"}
var commons = {
  isEmpty: function (obj) {
    if (obj === null || typeof obj === 'undefined') return true;
    if (typeof obj === 'string' && (!obj || !obj.trim())) return true;
    if (Array.isArray(obj) && obj.length === 0) return true;
    if (typeof obj === 'object' && !Array.isArray(obj)) return Object.keys(obj).length === 0;
    return false;
  }
};
var users = {
  create: function (user) {
    if (commons.isEmpty(user) || user.__class__ !== 'Data') {
      new sys.exceptions.ScriptException(sys.exceptions.BAD_REQUEST_ERROR, 'Invalid user').throw();
    }
    return sys.data.save(user);
  }
};
var user = sys.data.createRecord('sys.users');
user.field('firstName').val('Ada');
user.field('lastName').val('Lovelace');
user.field('email').val('ada@example.com');
var saved = users.create(user);
var refused = null;
try {
  users.create({firstName: 'Not', lastName: 'A record'});
} catch (e) {
  refused = sys.exceptions.getCode(e);
}
return {saved: saved.id() !== null, refused: refused};
