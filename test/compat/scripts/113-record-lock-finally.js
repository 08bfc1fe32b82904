// follows: slingr-docs, "sys.data" page, Record lock() / unlock() (lock, update in try, unlock in finally)
// app: records
// expect: {"notes":"updated under lock","version":2,"relocked":true}
var company = sys.data.createRecord('companies');
company.field('name').val('Blogpad');
sys.data.save(company);
company = sys.data.findOne('companies', {name: 'Blogpad'});
company.lock();
try {
  company.field('notes').val('updated under lock');
  sys.data.save(company);
} finally {
  company.unlock();
}
var again = sys.data.findById('companies', company.id());
// once released, the lock can be taken again with tryLock
var relocked = sys.data.tryLock(again) !== null;
sys.data.unlock(again);
return {notes: again.field('notes').val(), version: again.toJson().version, relocked: relocked};
