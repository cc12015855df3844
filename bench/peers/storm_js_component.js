// Components on Storm's own storm.js (org.apache.storm:multilang-javascript), the same
// behaviour as bench/components.cpp: `node storm_js_component.js ack|passthrough|taskids|split|count|spout K`.
// storm.js never sends need_task_ids: false, so Storm answers every emit with a task-id list;
// storm.js matches them to callbacks asynchronously. `taskids` waits for the list before acking.
'use strict';
var path = require('path');
var storm = require(path.join(process.env.STORM_JS_DIR || __dirname, 'storm.js'));

var mode = process.argv[2] || 'ack';
var K = parseInt(process.argv[3] || '1', 10);
function ignore() {}

function BenchBolt() { storm.BasicBolt.call(this); this.counts = new Map(); }
BenchBolt.prototype = Object.create(storm.BasicBolt.prototype);
BenchBolt.prototype.constructor = BenchBolt;
BenchBolt.prototype.process = function(tup, done) {
  var self = this;
  if (mode === 'ack') {
    done();
  } else if (mode === 'passthrough') {
    self.emit({tuple: tup.values, anchorTupleId: tup.id}, ignore);
    done();
  } else if (mode === 'taskids') {
    self.emit({tuple: tup.values, anchorTupleId: tup.id}, function() { done(); });
  } else if (mode === 'split') {
    tup.values[0].split(' ').forEach(function(word) {
      if (word) self.emit({tuple: [word], anchorTupleId: tup.id}, ignore);
    });
    done();
  } else if (mode === 'count') {
    var word = tup.values[0];
    var count = (self.counts.get(word) || 0) + 1;
    self.counts.set(word, count);
    self.emit({tuple: [word, count], anchorTupleId: tup.id}, ignore);
    done();
  }
};

function KSpout() { storm.Spout.call(this); this.nextId = 0; }
KSpout.prototype = Object.create(storm.Spout.prototype);
KSpout.prototype.constructor = KSpout;
KSpout.prototype.activate = function(done) { done(); };
KSpout.prototype.deactivate = function(done) { done(); };
KSpout.prototype.ack = function(id, done) { done(); };
KSpout.prototype.fail = function(id, done) { done(); };
KSpout.prototype.nextTuple = function(done) {
  for (var i = 0; i < K; i++) {
    var id = this.nextId++;
    this.emit({tuple: ['the cow jumped over the moon', id], id: id}, ignore);
  }
  done();
};

(mode === 'spout' ? new KSpout() : new BenchBolt()).run();
