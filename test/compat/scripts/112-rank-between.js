// follows: slingr-docs, "Rank type" page (rankBetween(before, after) puts a task between two others)
// app: records
// expect: {"order":[2,1,3],"between":true}
var ranks = ['iiiii00000', 'iiiii00001', 'iiiii00002'];
for (var i = 0; i < 3; i++) {
  var t = sys.data.createRecord('tasks');
  t.field('title').val('task ' + (i + 1));
  t.field('number').val(i + 1);
  t.field('rank').val(ranks[i]);
  sys.data.save(t);
}
var task1 = sys.data.findOne('tasks', {number: 1});
var task2 = sys.data.findOne('tasks', {number: 2});
var task3 = sys.data.findOne('tasks', {number: 3});
task2.field('rank').rankBefore(task1.field('rank').val());
sys.data.save(task2);
var newRank = task1.field('rank').rankBetween(task2.field('rank').val(), task3.field('rank').val());
sys.data.save(task1);
var order = [];
var rs = sys.data.find('tasks', {_sortField: 'rank', _sortType: 'asc'});
while (rs.hasNext()) order.push(rs.next().field('number').val());
return {order: order, between: newRank > task2.field('rank').val() && newRank < task3.field('rank').val()};
