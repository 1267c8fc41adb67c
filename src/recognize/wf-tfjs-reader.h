/* workforce-monitor
 * Copyright (C) 2026 workforce-monitor authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/*
 * TensorFlow.js weights manifests (face-api's model/ folder) as float
 * tensors, and the command line around them: what the build's model
 * converters share.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gchar *name;
  gfloat *data;           /* row-major, dequantised */
  guint n_dims;
  guint shape[4];
} WfTfjsWeight;

/* Every tensor of the manifest at @manifest_path, in the manifest's order
 * (the array frees them); its .bin shards are read from the same folder.
 * NULL and @error (G_FILE_ERROR when a file cannot be read,
 * G_IO_ERROR_INVALID_DATA when it is malformed). */
GArray *              wf_tfjs_read_manifest (const gchar * manifest_path,
                                             GError ** error);
/* The tensor named @name in @tensors, or NULL. */
const WfTfjsWeight *  wf_tfjs_find          (GArray * tensors,
                                             const gchar * name);

/* Turns @tensors (from the manifest) into the model file @output.  Errors:
 * G_FILE_ERROR when @output cannot be written, any other domain when the
 * tensors are not the model's. */
typedef gboolean (*WfTfjsConvertFunc) (GArray * tensors, const gchar * output,
                                        GError ** error);

typedef struct {
  const gchar *name;            /* the program's, e.g. "wf-convert-facerec" */
  const gchar *summary;         /* after the usage line, "- convert ..." */
  const gchar *description;     /* after the options, or NULL */
  const gchar *manifest_help;   /* the manifest --manifest names */
  const gchar *output_help;     /* the file --output names */
  WfTfjsConvertFunc convert;
} WfTfjsTool;

/* The whole of a converter's main: --manifest FILE --output FILE, the
 * manifest read, @tool's convert run, errors on stderr and the exit status
 * of sysexits.h (64 usage, 65 bad data, 66 no input, 73 cannot write). */
int                   wf_tfjs_tool_main     (int argc, char **argv,
                                             const WfTfjsTool * tool);

G_END_DECLS
