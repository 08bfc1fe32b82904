// follows: slingr-docs, "sys.data" page, Record fromJson() sample "performs a partial update of a contact"
// app: records
// expect: {"phone":"555-0101","first":"Gary","version":2}
var person = sys.data.createRecord('people');
person.field('lastName').val('Owens');
person.field('phoneNumber').val('555-0101');
sys.data.save(person);
var contact = sys.data.createRecord('contacts');
contact.field('firstName').val('Gary');
contact.field('lastName').val('Owens');
contact.field('email').val('gowensb1@google.ca');
sys.data.save(contact);
person = sys.data.findOne('people', {lastName: 'Owens'});
contact = sys.data.findOne('contacts', {email: 'gowensb1@google.ca'});
contact.fromJson({
  phoneNumber: person.field('phoneNumber').val()
});
sys.data.save(contact);
var saved = sys.data.findById('contacts', contact.id());
return {phone: saved.field('phoneNumber').val(), first: saved.field('firstName').val(), version: saved.toJson().version};
