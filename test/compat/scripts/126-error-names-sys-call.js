// follows: slingr-docs, "sys.exceptions" page (getMessage(e) of platform errors logged from a catch)
// app: records
// expect: [true,true,true]
var messages = [];
try {
  sys.data.findById('companies', 'not-an-id');
} catch (e) {
  messages.push(sys.exceptions.getMessage(e));
}
try {
  sys.data.count('companies', {numberOfEmployees: 'greater(many)'});
} catch (e) {
  messages.push(sys.exceptions.getMessage(e));
}
var company = sys.data.createRecord('companies');
company.field('name').val('Acme');
sys.data.save(company);
var stale = sys.data.findById('companies', company.id());
company.field('notes').val('first');
sys.data.save(company);
try {
  stale.field('notes').val('second');
  sys.data.save(stale);
} catch (e) {
  messages.push(sys.exceptions.getMessage(e));
}
return [
  messages[0].indexOf('sys.data.findById:') === 0,
  messages[1].indexOf('sys.data.count:') === 0,
  messages[2].indexOf('sys.data.save:') === 0
];
