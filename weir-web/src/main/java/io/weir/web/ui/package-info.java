/** The browser pages: sign-in, DAGs, runs and task instances, rendered on the server. */
package io.weir.web.ui;
