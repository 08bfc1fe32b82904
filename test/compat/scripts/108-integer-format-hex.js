// follows: slingr-docs, "Integer type" page (format({thousandsSeparator: true}) and toHex())
// app: records
// expect: ["project number of people: 12,500","hex: 30d4","12500"]
var project = sys.data.createRecord('projects');
project.field('name').val('Point-to-point link');
project.field('numberOfPeople').val(12500);
sys.data.save(project);
var record = sys.data.findOne('projects', {name: 'Point-to-point link'});
var out = [];
out.push('project number of people: ' + record.field('numberOfPeople').format({thousandsSeparator: true}));
out.push('hex: ' + record.field('numberOfPeople').toHex());
out.push(record.field('numberOfPeople').format());
return out;
