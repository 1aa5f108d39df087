#ifndef HEYI_CLIBXML2_SHIM_H
#define HEYI_CLIBXML2_SHIM_H
// Debian's libxml2 headers pull in ICU's ucnv.h when LIBXML_ICU_ENABLED is set, which clashes
// with Foundation's bundled ICU; heyi never uses libxml2's ICU types, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

static inline void heyi_xml_free(void *p) { xmlFree(p); }
#endif
