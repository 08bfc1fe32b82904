// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (crypto.jwt.generate, jwt.verify and jwt.decodeToken)
// app: utils
// expect: [3,true,false,"456"]
var token = sys.utils.crypto.jwt.generate({ iss: '123', sub: '456' }, 'secret', 'HS256');
log('JWT token: ' + token);
var valid = sys.utils.crypto.jwt.verify(token, 'secret');
log('JWT token is valid? : ' + valid);
var forged = sys.utils.crypto.jwt.verify(token, 'another secret');
var payload = sys.utils.crypto.jwt.decodeToken(token);
return [token.split('.').length, valid, forged, payload.sub];
