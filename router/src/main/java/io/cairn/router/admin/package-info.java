/** The cluster's admin views: members with their objects, and object listings merged from every member. */
package io.cairn.router.admin;
