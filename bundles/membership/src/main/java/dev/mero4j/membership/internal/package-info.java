/** Implementation of the membership bundle: JDK crypto glue and codecs. Not exported. */
package dev.mero4j.membership.internal;
