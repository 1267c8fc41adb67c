// workforce-monitor
// Copyright (C) 2026 workforce-monitor authors
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Descriptors of aligned 150x150 RGB face chips by face-api's own
// FaceRecognitionNet (the reference the converted dlib model is checked
// against), on TensorFlow.js' pure-JS CPU backend.
//
//   node tfjs-descriptors.js FACE_API_DIR CHIPS.rgb N OUT.f32
//
// CHIPS.rgb holds N chips of 150*150*3 bytes; OUT.f32 receives N*128
// little-endian floats.  @tensorflow/tfjs comes from this folder's
// node_modules (package-lock.json); face-api's Node build asks for
// @tensorflow/tfjs-node, whose native library we do not install, so that
// one request is answered with the pure-JS package of the same API.
'use strict';

const fs = require('fs');
const path = require('path');
const Module = require('module');

const [faceApiDir, chipsPath, nArg, outPath] = process.argv.slice(2);
if (!outPath) {
  console.error('usage: node tfjs-descriptors.js FACE_API_DIR CHIPS.rgb N OUT.f32');
  process.exit(64);
}

const tfjsPath = require.resolve('@tensorflow/tfjs', { paths: [__dirname] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === '@tensorflow/tfjs-node') return tfjsPath;
  return resolve.call(this, request, ...rest);
};

async function main() {
  const faceapi = require(path.join(faceApiDir, 'dist', 'face-api.node.js'));
  const tf = faceapi.tf;
  await tf.setBackend('cpu');
  await tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(path.join(faceApiDir, 'model'));

  const n = parseInt(nArg, 10);
  const size = 150 * 150 * 3;
  const chips = fs.readFileSync(chipsPath);
  if (chips.length !== n * size) throw new Error(`${chipsPath}: expected ${n} chips`);
  const out = Buffer.alloc(n * 128 * 4);
  for (let i = 0; i < n; i++) {
    const pixels = new Int32Array(chips.subarray(i * size, (i + 1) * size));
    const input = tf.tensor3d(pixels, [150, 150, 3], 'int32');
    const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(input);
    input.dispose();
    if (d.length !== 128) throw new Error(`descriptor of ${d.length} values`);
    for (let j = 0; j < 128; j++) out.writeFloatLE(d[j], (i * 128 + j) * 4);
  }
  fs.writeFileSync(outPath, out);
  console.log(`tfjs ${tf.version.tfjs} backend ${tf.getBackend()}: ${n} descriptors`);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
