/** Calls to objects on other nodes with whole requests and responses (object-to-object calls, and requests caught while an object moves). */
package io.cairn.router.dispatch;
