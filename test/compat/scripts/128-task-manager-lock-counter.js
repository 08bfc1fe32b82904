// follows: slingr-docs, task-manager tutorial manner (a project's open-task counter kept under the project's lock)
// app: records
// expect: {"openTasks":3,"version":4}
var project = sys.data.createRecord('projects');
project.field('name').val('Website');
sys.data.save(project);
for (var i = 0; i < 3; i++) {
  var task = sys.data.createRecord('tasks');
  task.field('title').val('task ' + i);
  task.field('project').val(project);
  sys.data.save(task);
  var p = task.field('project').fetch();
  p.lock(function (locked) {
    locked.field('openTasks').val(locked.field('openTasks').val() + 1);
    sys.data.save(locked);
  });
}
project = sys.data.refresh(project);
return {openTasks: project.field('openTasks').val(), version: project.toJson().version};
