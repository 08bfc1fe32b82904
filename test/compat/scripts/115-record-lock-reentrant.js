// follows: slingr-docs, "sys.data" page, Record unlock() ("if the lock was acquired multiple times, it must also be released an equivalent number of times")
// app: records
// expect: ["locked twice","unlocked twice"]
var company = sys.data.createRecord('companies');
company.field('name').val('Blogpad');
sys.data.save(company);
var out = [];
company.lock();
company.lock();
out.push('locked twice');
company.unlock();
company.unlock();
out.push('unlocked twice');
return out;
