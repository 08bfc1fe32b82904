// follows: slingr-docs, "sys.data" page, save() exceptions (validationErrors), read as e.errors
// app: records
// expect: {"code":"validationErrors","errors":["status","dueDate"]}
var task = sys.data.createRecord('tasks');
task.field('title').val('Write docs');
task.field('status').val('archived');
task.field('dueDate').val('2024-02-30');
try {
  sys.data.save(task);
  return 'saved';
} catch (e) {
  var names = [];
  e.errors.forEach(function (err) { names.push(err.field); });
  return {code: e.code(), errors: names};
}
