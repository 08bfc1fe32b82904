// follows: slingr-docs, "sys.data" page, Record fromJson() sample "copies contact info to a new person record"
// app: records
// expect: {"people":1,"contacts":1,"person":"Owens","same":false}
var contact = sys.data.createRecord('contacts');
contact.field('firstName').val('Gary');
contact.field('lastName').val('Owens');
contact.field('email').val('gowensb1@google.ca');
sys.data.save(contact);
contact = sys.data.findOne('contacts', {email: 'gowensb1@google.ca'});
var contactJson = contact.toJson({fields: 'firstName,lastName,email,phoneNumber'});
var person = sys.data.createRecord('people');
person.fromJson(contactJson);
sys.data.save(person);
return {
  people: sys.data.count('people', {}),
  contacts: sys.data.count('contacts', {}),
  person: person.field('lastName').val(),
  same: person.id() === contact.id()
};
