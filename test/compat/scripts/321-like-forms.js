// follows: slingr-docs, "Query language" page (like: contains, '/value' starts with, 'value/' ends with, '/regexp/')
// app: crm
// expect: [3,1,1,2]
['Blogpad', 'Padlock', 'Notepad'].forEach(function (name) {
  var c = sys.data.createRecord('companies');
  c.field('name').val(name);
  sys.data.save(c);
});
return [
  sys.data.count('companies', { name: 'like(pad)' }),
  sys.data.count('companies', { name: 'like(/pad)' }),
  sys.data.count('companies', { name: 'like(lock/)' }),
  sys.data.count('companies', { name: 'like(/^(blog|note)/)' })
];
