// A tour of Warden on the example app: records, queries, aggregates and the user lifecycle.
// Run: npm run demo  (or: pnpm warden run scripts-examples/demo.js --app scripts-examples/app.json)
// Safe to run again: it first removes what an earlier run left.

sys.data.delete('companies', { name: 'like(/Demo )' });
var old = sys.data.findOne('sys.users', 'ada.demo@example.com');
if (old) sys.data.remove(old);

var names = ['Demo Acme', 'Demo Globex', 'Demo Initech', 'Demo Umbrella'];
names.forEach(function (name, i) {
  var company = sys.data.createRecord('companies');
  company.field('name').val(name);
  company.field('type').val(['a', 'b', 'c'][i % 3]);
  company.field('employees').val((i + 1) * 40);
  company.field('isCustomer').val(i % 2 === 0);
  company.field('addresses').add({ state: i % 2 ? 'CA' : 'NY', zipCode: '1000' + i });
  sys.data.save(company);
  log('saved ' + company.label() + ' (' + company.field('employees').val() + ' employees)');
});

var big = sys.data.find('companies', { name: 'like(/Demo )', employees: 'greater(50)', _sortField: 'employees', _sortType: 'asc' });
while (big.hasNext()) {
  var c = big.next();
  log('more than 50 employees: ' + c.field('name').val());
}

var byType = sys.data.aggregate('companies', [
  { match: { name: 'like(/Demo )' } },
  { group: { by: 'type', total: 'sum(employees)', companies: 'count()' } },
  { sort: { type: 'asc' } }
]);
while (byType.hasNext()) log('type ' + JSON.stringify(byType.next()));

var user = sys.data.createRecord('sys.users');
user.field('firstName').val('Ada');
user.field('lastName').val('Lovelace');
user.field('email').val('ada.demo@example.com');
user.field('sendWelcomeEmail').val(false);
sys.users.addGroup(user, 'Group1', true);
sys.data.save(user);
log('created ' + user.fullName() + ' in ' + sys.users.getPrimaryGroup(user).label);

var reset = sys.users.resetPassword(user, { notifyUser: true });
log('reset link sent to ' + reset.userEmail);

user = sys.users.deactivate(user);
log('status: ' + user.status());

return { companies: sys.data.count('companies', { name: 'like(/Demo )' }), user: user.email() };
