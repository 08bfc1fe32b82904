// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (crypto.sha1, crypto.sha3 and crypto.keccak of a message)
// app: utils
// expect: ["a9993e364706816aba3e25717850c26c9cd0d89d","3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532","4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",128]
var sha1 = sys.utils.crypto.sha1('abc');
log('SHA-1 string: ' + sha1);
var sha3 = sys.utils.crypto.sha3('abc');
log('SHA-3 string: ' + sha3);
var keccak = sys.utils.crypto.keccak('abc');
log('Keccak string: ' + keccak);
var long = sys.utils.crypto.sha3('abc', 512);
return [sha1, sha3, keccak, long.length];
