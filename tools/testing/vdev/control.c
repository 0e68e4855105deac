// SPDX-License-Identifier: GPL-2.0
/*
 * Control channel of the vdev backend: inotify on a directory, command
 * files in, result files out. See control.h for the protocol.
 *
 * Everything runs on the event loop; a command file is handled in one go
 * when its inotify event is read. It is deleted before its result is
 * written, so a writer that waits for NAME.out can reuse NAME at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "control.h"
#include "log.h"

/* Command files larger than this are refused. */
#define CONTROL_MAX_FILE	65536
#define CONTROL_SUFFIX		".cmd"
/* How often CONTROL_FUZZ_STATS is brought up to date. */
#define CONTROL_STATS_MS	1000

/* Is @line the command @word, alone or followed by a blank? */
static const char *command_args(const char *line, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(line, word, n) || (line[n] && line[n] != ' ' &&
				       line[n] != '\t'))
		return NULL;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

/**
 * vdev_control_fault() - change the fault settings
 * @dev: device
 * @spec: "off", or a --fault argument
 * @replace: start from no faults (control command) rather than add to the
 *	current settings (command line)
 * @out: output for the model
 *
 * A @spec the core does not parse goes to the model as "fault @spec", so
 * that models can add fault kinds of their own. "off" clears the core's
 * settings and sends "fault off" to the model.
 *
 * Return: 0, or a negative errno (-EINVAL if nobody took @spec).
 */
int vdev_control_fault(struct vdev *dev, const char *spec, bool replace,
		       FILE *out)
{
	struct vdev_fault f;
	char *cmd;
	int ret;

	if (!strcmp(spec, "off")) {
		vdev_fault_init(&dev->fault);
		ret = vdev_model_control(dev, "fault off", out);
		return ret == -ENOENT ? 0 : ret;
	}
	if (replace)
		vdev_fault_init(&f);
	else
		f = dev->fault;
	if (!vdev_fault_parse(&f, spec)) {
		dev->fault = f;
		return 0;
	}
	if (asprintf(&cmd, "fault %s", spec) < 0)
		return -ENOMEM;
	ret = vdev_model_control(dev, cmd, out);
	free(cmd);
	return ret == -ENOENT ? -EINVAL : ret;
}

/**
 * vdev_control_exec() - run one command
 * @dev: device
 * @line: the command, without its newline
 * @out: where output lines go
 *
 * Return: 0, -ENOENT for an unknown command, or another negative errno.
 */
int vdev_control_exec(struct vdev *dev, const char *line, FILE *out)
{
	const char *args;

	args = command_args(line, "echo");
	if (args) {
		fprintf(out, "%s\n", args);
		return 0;
	}
	args = command_args(line, "fault");
	if (args)
		return vdev_control_fault(dev, args, true, out);
	args = command_args(line, "fuzz");
	if (args)
		return vdev_fuzz_control(dev, args, out);
	args = command_args(line, "timing");
	if (args) {
		if (*args || !dev->timing.on)
			return -EINVAL;
		vdev_timing_report(&dev->timing, out);
		vdev_timing_reset(&dev->timing);
		return 0;
	}
	return vdev_model_control(dev, line, out);
}

/* Read all of @path into a NUL-terminated buffer. */
static int read_file(const char *path, char **data)
{
	size_t len = 0;
	char *buf;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	buf = malloc(CONTROL_MAX_FILE + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	do {
		n = read(fd, buf + len, CONTROL_MAX_FILE + 1 - len);
		if (n > 0)
			len += n;
	} while ((n > 0 && len <= CONTROL_MAX_FILE) ||
		 (n < 0 && errno == EINTR));
	close(fd);
	if (n < 0 || len > CONTROL_MAX_FILE) {
		free(buf);
		return n < 0 ? -errno : -EFBIG;
	}
	buf[len] = '\0';
	*data = buf;
	return 0;
}

/*
 * Run every line of @script. Output goes to @out; the status line (without
 * its newline) to @status.
 */
static void run_script(struct vdev *dev, const char *name, char *script,
		       FILE *out, char *status, size_t size)
{
	char *line, *save = NULL;
	int ret;

	snprintf(status, size, "ok");
	for (line = strtok_r(script, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *end = line + strlen(line);

		while (*line == ' ' || *line == '\t')
			line++;
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' ||
				      end[-1] == '\t'))
			*--end = '\0';
		if (!*line || *line == '#')
			continue;
		log_info("control: %s: %s", name, line);
		ret = vdev_control_exec(dev, line, out);
		if (ret == -ENOENT)
			snprintf(status, size, "error: unknown command: %s", line);
		else if (ret)
			snprintf(status, size, "error: %s: %s", line,
				 strerror(-ret));
		if (ret)
			break;
	}
}

/*
 * Write @head (if not NULL, and a newline) and @body to @dir/@name through
 * a temporary file, so that a reader sees all of it or none.
 */
static void write_file(const char *dir, const char *name, const char *head,
		       const char *body, size_t len)
{
	char *tmp = NULL, *path = NULL;
	FILE *f;

	if (asprintf(&tmp, "%s/.%s.tmp", dir, name) < 0) {
		tmp = NULL;
		goto out;
	}
	if (asprintf(&path, "%s/%s", dir, name) < 0) {
		path = NULL;
		goto out;
	}
	f = fopen(tmp, "we");
	if (!f) {
		log_err("control: %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (head)
		fprintf(f, "%s\n", head);
	fwrite(body, 1, len, f);
	if (fclose(f) || rename(tmp, path)) {
		log_err("control: writing %s: %s", path, strerror(errno));
		unlink(tmp);
	}
out:
	free(tmp);
	free(path);
}

/* Write @status and @body to @dir/@base.out. */
static void write_result(const char *dir, const char *base,
			 const char *status, const char *body, size_t len)
{
	char *name;

	if (asprintf(&name, "%s.out", base) < 0)
		return;
	write_file(dir, name, status, body, len);
	free(name);
}

/*
 * Rewrite CONTROL_FUZZ_STATS if the reply fuzzer is configured and the
 * statistics changed since the last time.
 */
static void control_write_stats(struct vdev_control *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	if (!c->dev->fuzz.configured || !c->dir)
		return;
	f = open_memstream(&text, &len);
	if (!f)
		return;
	vdev_fuzz_print_stats(c->dev, f, "");
	if (fclose(f)) {
		free(text);
		return;
	}
	if (c->stats_text && !strcmp(c->stats_text, text)) {
		free(text);
		return;
	}
	write_file(c->dir, CONTROL_FUZZ_STATS, NULL, text, len);
	free(c->stats_text);
	c->stats_text = text;
}

static void control_stats_tick(struct loop_timer *t)
{
	struct vdev_control *c = vlist_entry(t, struct vdev_control,
					     stats_timer);

	control_write_stats(c);
	loop_timer_arm(c->loop, &c->stats_timer, CONTROL_STATS_MS);
}

static bool is_command_file(const char *name)
{
	size_t n = strlen(name), s = strlen(CONTROL_SUFFIX);

	return name[0] != '.' && n > s && !strcmp(name + n - s, CONTROL_SUFFIX);
}

static void control_file(struct vdev_control *c, const char *name)
{
	char status[512], *path, *script = NULL, *body = NULL, *base;
	size_t len = 0;
	FILE *out;
	int ret;

	if (asprintf(&path, "%s/%s", c->dir, name) < 0)
		return;
	ret = read_file(path, &script);
	if (ret == -ENOENT) {
		/* Already handled, from an earlier event or a scan. */
		free(path);
		return;
	}
	unlink(path);
	free(path);
	base = strndup(name, strlen(name) - strlen(CONTROL_SUFFIX));
	out = open_memstream(&body, &len);
	if (!base || !out) {
		log_err("control: %s: out of memory", name);
		goto out;
	}
	if (ret)
		snprintf(status, sizeof(status), "error: reading %s: %s", name,
			 strerror(-ret));
	else
		run_script(c->dev, name, script, out, status, sizeof(status));
	log_info("control: %s: %s", name, status);
	control_write_stats(c);
	if (fclose(out)) {
		out = NULL;
		log_err("control: %s: out of memory", name);
		goto out;
	}
	out = NULL;
	write_result(c->dir, base, status, body, len);
out:
	if (out)
		fclose(out);
	free(body);
	free(base);
	free(script);
}

static int command_filter(const struct dirent *e)
{
	return is_command_file(e->d_name);
}

/* Handle the command files already there, in name order. */
static void control_scan(struct vdev_control *c)
{
	struct dirent **list;
	int i, n;

	n = scandir(c->dir, &list, command_filter, alphasort);
	if (n < 0) {
		log_err("control: %s: %s", c->dir, strerror(errno));
		return;
	}
	for (i = 0; i < n; i++) {
		control_file(c, list[i]->d_name);
		free(list[i]);
	}
	free(list);
}

static void control_ready(struct loop_watch *w, uint32_t events)
{
	struct vdev_control *c = vlist_entry(w, struct vdev_control, watch);
	union {
		struct inotify_event align;
		char buf[4096];
	} u;
	const struct inotify_event *ev;
	ssize_t n;
	char *p;

	for (;;) {
		n = read(c->fd, u.buf, sizeof(u.buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (p = u.buf; p < u.buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			if (ev->mask & IN_Q_OVERFLOW) {
				control_scan(c);
			} else if (ev->mask & IN_IGNORED) {
				log_err("control: %s went away; commands stop",
					c->dir);
				loop_watch_del(c->loop, &c->watch);
				return;
			} else if (ev->len && is_command_file(ev->name)) {
				control_file(c, ev->name);
			}
		}
	}
}

/**
 * vdev_control_init() - watch @dir for command files
 * @c: control channel to set up
 * @dev: device the commands act on
 * @loop: event loop
 * @dir: directory, created if missing
 *
 * Command files already in @dir are run at once.
 *
 * Return: 0 or a negative errno.
 */
int vdev_control_init(struct vdev_control *c, struct vdev *dev,
		      struct loop *loop, const char *dir)
{
	int ret;

	memset(c, 0, sizeof(*c));
	c->dev = dev;
	c->loop = loop;
	c->fd = -1;
	c->watch.fd = -1;
	loop_timer_init(&c->stats_timer, control_stats_tick);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	c->dir = strdup(dir);
	if (!c->dir)
		return -ENOMEM;
	c->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (c->fd < 0 ||
	    inotify_add_watch(c->fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO |
			      IN_ONLYDIR) < 0) {
		ret = -errno;
		goto fail;
	}
	ret = loop_watch_add(loop, &c->watch, c->fd, control_ready);
	if (ret)
		goto fail;
	log_info("control: watching %s", dir);
	control_scan(c);
	control_write_stats(c);
	loop_timer_arm(loop, &c->stats_timer, CONTROL_STATS_MS);
	return 0;
fail:
	vdev_control_fini(c);
	return ret;
}

/**
 * vdev_control_fini() - stop watching and free everything
 * @c: control channel after vdev_control_init(), even a failed one, or one
 *	initialised to { .fd = -1 }
 *
 * The reply fuzzer's statistics file is written a last time.
 */
void vdev_control_fini(struct vdev_control *c)
{
	if (c->loop) {
		loop_timer_cancel(&c->stats_timer);
		control_write_stats(c);
		loop_watch_del(c->loop, &c->watch);
	}
	free(c->stats_text);
	c->stats_text = NULL;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	free(c->dir);
	c->dir = NULL;
}
