// follows: slingr-docs, "Money type" page (toHex() gives '' when the value is null)
// app: records
// expect: {"budget":"ff","empty":"","formatted":""}
var project = sys.data.createRecord('projects');
project.field('name').val('Point-to-point link');
project.field('budget').val(255);
sys.data.save(project);
var record = sys.data.findOne('projects', {name: 'Point-to-point link'});
var other = sys.data.createRecord('projects');
return {
  budget: record.field('budget').toHex(),
  empty: other.field('budget').toHex(),
  formatted: other.field('budget').format({thousandsSeparator: true})
};
