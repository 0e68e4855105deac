/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control channel: commands to a running back-end through files in a
 * directory, for tests inside a guest that can only write host files (UML
 * hostfs, QEMU 9p).
 *
 * A file NAME.cmd that is closed after writing, or renamed into the
 * directory, is read and deleted; each of its lines is a command. Empty
 * lines and lines starting with '#' are skipped. Commands run in order and
 * the first failure ends the file. The result goes to NAME.out, written
 * under a temporary name and renamed, so a reader never sees half of it:
 * a first line "ok" or "error: REASON", then the output of the commands.
 * Names starting with '.' are ignored: write .NAME.cmd and rename it to
 * NAME.cmd if the writer cannot write the file in one go.
 *
 * Core commands:
 *	echo TEXT	print TEXT
 *	fault SPEC	replace the fault settings with SPEC (--fault syntax);
 *			a SPEC the core does not know goes to the model
 *	fault off	clear every fault setting, the model's too
 *	fuzz ...	reply fuzzer settings and statistics (fuzz_ctl.c)
 *	timing		(with --timing) the request timings since the last
 *			"timing" command, then start afresh
 * Every other command goes to the model's control hook.
 *
 * Once the reply fuzzer is configured (--fuzz or a fuzz command), its
 * statistics are also in the file CONTROL_FUZZ_STATS of the directory, in
 * the format of "fuzz stats", rewritten (atomically) after every command
 * file, every second while they change, and when the back-end exits.
 */
#ifndef VDEV_CONTROL_H
#define VDEV_CONTROL_H

#include <stdbool.h>
#include <stdio.h>

#include "loop.h"
#include "vdev.h"

/**
 * struct vdev_control - a watched control directory
 * @dev: device the commands act on
 * @loop: event loop of @watch
 * @dir: the directory
 * @fd: inotify instance, or -1
 * @watch: event loop watch on @fd
 * @stats_timer: refreshes the reply fuzzer's statistics file
 * @stats_text: what that file holds, NULL before it is written
 */
struct vdev_control {
	struct vdev *dev;
	struct loop *loop;
	char *dir;
	int fd;
	struct loop_watch watch;
	struct loop_timer stats_timer;
	char *stats_text;
};

#define CONTROL_FUZZ_STATS	"fuzz_stats"

int vdev_control_init(struct vdev_control *c, struct vdev *dev,
		      struct loop *loop, const char *dir);
void vdev_control_fini(struct vdev_control *c);
int vdev_control_exec(struct vdev *dev, const char *line, FILE *out);
int vdev_control_fault(struct vdev *dev, const char *spec, bool replace,
		       FILE *out);

#define VDEV_CONTROL_HELP \
	"  --control-dir DIR     run the commands of every DIR/NAME.cmd written,\n" \
	"        answer in DIR/NAME.out (core: echo TEXT, fault SPEC, fault off,\n" \
	"        fuzz [on|off|stats|clear|release|SEED[,RATE]|KEY=VALUE...],\n" \
	"        KEY: seed rate ring delay-ms flood kinds); DIR/fuzz_stats holds\n" \
	"        the reply fuzzer's counters once it is configured\n"

#endif /* VDEV_CONTROL_H */
