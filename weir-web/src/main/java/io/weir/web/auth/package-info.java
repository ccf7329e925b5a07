/** Users, roles, passwords (bcrypt) and the limit on failed sign-ins. */
package io.weir.web.auth;
