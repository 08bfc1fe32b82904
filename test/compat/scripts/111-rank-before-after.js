// follows: slingr-docs, "Rank type" page (rankBefore/rankAfter samples, then sorting by rank)
// app: records
// expect: ["task 3","task 2","task 1"]
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
var newRank = task3.field('rank').rankBefore(task1.field('rank').val());
sys.data.save(task3);
log('new rank: ' + newRank);
newRank = task1.field('rank').rankAfter(task3.field('rank').val());
sys.data.save(task1);
log('new rank: ' + newRank);
var titles = [];
var rs = sys.data.find('tasks', {_sortField: 'rank', _sortType: 'asc'});
while (rs.hasNext()) titles.push(rs.next().field('title').val());
return titles;
