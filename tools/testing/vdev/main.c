// SPDX-License-Identifier: GPL-2.0
/*
 * vdev: a vhost-user back-end serving virtio device models to virtio_uml
 * (User-Mode Linux) and QEMU front-ends, for testing guest drivers.
 *
 * Usage: vdev --socket PATH --device NAME [options] [device options]
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "log.h"
#include "loop.h"
#include "models.h"
#include "util.h"
#include "vdev.h"
#include "vhost_user.h"

static const struct vdev_model *const vdev_models[] = {
	&scmi_model,
	&rtc_model,
};

enum {
	OPT_SOCKET = 0x100,
	OPT_DEVICE,
	OPT_ONCE,
	OPT_LOG,
	OPT_FAULT,
	OPT_PROTOCOL_FEATURES,
	OPT_OFFER_CONFIG,
	OPT_OFFER_INDIRECT,
	OPT_OFFER_EVENT_IDX,
	OPT_CONTROL_DIR,
	OPT_FUZZ,
	OPT_FUZZ_RING,
	OPT_FUZZ_SLOW,
	OPT_FUZZ_DELAY,
	OPT_FUZZ_FLOOD,
	OPT_FUZZ_KINDS,
	OPT_FUZZ_LOG,
	OPT_RING_FEATURES,
	OPT_TIMING,
};

static const struct option core_options[] = {
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "once", no_argument, NULL, OPT_ONCE },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "protocol-features", required_argument, NULL, OPT_PROTOCOL_FEATURES },
	{ "offer-config", no_argument, NULL, OPT_OFFER_CONFIG },
	{ "offer-indirect", no_argument, NULL, OPT_OFFER_INDIRECT },
	{ "offer-event-idx", no_argument, NULL, OPT_OFFER_EVENT_IDX },
	{ "control-dir", required_argument, NULL, OPT_CONTROL_DIR },
	{ "fuzz", required_argument, NULL, OPT_FUZZ },
	{ "fuzz-ring", required_argument, NULL, OPT_FUZZ_RING },
	{ "fuzz-slow", required_argument, NULL, OPT_FUZZ_SLOW },
	{ "fuzz-delay-ms", required_argument, NULL, OPT_FUZZ_DELAY },
	{ "fuzz-flood", required_argument, NULL, OPT_FUZZ_FLOOD },
	{ "fuzz-kinds", required_argument, NULL, OPT_FUZZ_KINDS },
	{ "fuzz-log", required_argument, NULL, OPT_FUZZ_LOG },
	{ "ring-features", required_argument, NULL, OPT_RING_FEATURES },
	{ "timing", no_argument, NULL, OPT_TIMING },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
};

/**
 * struct vdev_args - command line settings of the core
 * @socket: unix socket path to listen on
 * @log: log file, or NULL for stderr
 * @control_dir: control directory, or NULL
 * @fuzz_log: file for the reply fuzzer's mutation log, or NULL
 * @once: exit when the first front-end disconnects
 * @protocol_offer: protocol feature bits to offer
 */
struct vdev_args {
	const char *socket;
	const char *log;
	const char *control_dir;
	const char *fuzz_log;
	bool once;
	uint64_t protocol_offer;
};

static void usage(FILE *f, const struct vdev_model *model)
{
	unsigned int i;

	fprintf(f,
		"Usage: vdev --socket PATH --device NAME [options] [device options]\n"
		"  --socket PATH         unix socket to listen on (a stale one is replaced)\n"
		"  --device NAME         device model:");
	for (i = 0; i < ARRAY_SIZE(vdev_models); i++)
		fprintf(f, " %s", vdev_models[i]->name);
	fprintf(f, "\n"
		"  --once                exit when the front-end disconnects\n"
		"  --log FILE            log to FILE instead of stderr\n"
		"  -v, --verbose         log every vhost-user and device message\n"
		"  --offer-config        offer VHOST_USER_PROTOCOL_F_CONFIG (not to QEMU)\n"
		"  --offer-indirect      the same as --ring-features +indirect\n"
		"  --offer-event-idx     the same as --ring-features +event-idx\n"
		VDEV_RING_FEATURES_HELP
		"  --protocol-features MASK  offer exactly these protocol features\n"
		"  --timing              time the request queue (back-end and guest\n"
		"        shares of each round trip) and count its kicks,\n"
		"        notifications and replies; printed on stderr at exit\n"
		VDEV_FAULT_HELP
		VDEV_FUZZ_HELP
		VDEV_CONTROL_HELP);
	for (i = 0; i < ARRAY_SIZE(vdev_models); i++) {
		if (model && model != vdev_models[i])
			continue;
		fprintf(f, "Options of --device %s:\n%s", vdev_models[i]->name,
			vdev_models[i]->help ? vdev_models[i]->help : "  none\n");
	}
}

/* Find the model before getopt runs, since it adds options. */
static const struct vdev_model *find_model(int argc, char **argv)
{
	const char *name = NULL;
	unsigned int i;
	int a;

	for (a = 1; a < argc && strcmp(argv[a], "--"); a++) {
		if (!strcmp(argv[a], "--device") && a + 1 < argc)
			name = argv[a + 1];
		else if (!strncmp(argv[a], "--device=", 9))
			name = argv[a] + 9;
	}
	for (i = 0; name && i < ARRAY_SIZE(vdev_models); i++)
		if (!strcmp(vdev_models[i]->name, name))
			return vdev_models[i];
	if (name)
		fprintf(stderr, "vdev: unknown device '%s'\n", name);
	return NULL;
}

static struct option *merge_options(const struct vdev_model *model)
{
	unsigned int n = 0, i;
	struct option *opts;

	while (model->options && model->options[n].name)
		n++;
	opts = calloc(ARRAY_SIZE(core_options) + n + 1, sizeof(*opts));
	if (!opts)
		return NULL;
	memcpy(opts, core_options, sizeof(core_options));
	for (i = 0; i < n; i++)
		opts[ARRAY_SIZE(core_options) + i] = model->options[i];
	return opts;
}

static int parse_mask(const char *s, uint64_t *mask)
{
	char *end;

	errno = 0;
	*mask = strtoull(s, &end, 0);
	return errno || *end || !*s ? -EINVAL : 0;
}

/* A reply fuzzer option; returns 0 or -1 after a message. */
static int parse_fuzz(struct vdev *dev, int opt, const char *arg,
		      struct vdev_args *args)
{
	struct vdev_fuzz *fz = &dev->fuzz;
	unsigned long v;
	char *end;
	int ret = 0;

	switch (opt) {
	case OPT_FUZZ:
		ret = vdev_fuzz_parse_spec(fz, arg);
		break;
	case OPT_FUZZ_RING:
		ret = vdev_fuzz_parse_rate(arg, &fz->ring_rate);
		break;
	case OPT_FUZZ_SLOW:
		ret = vdev_fuzz_parse_slow(arg, &fz->slow_rate);
		break;
	case OPT_FUZZ_KINDS:
		ret = vdev_fuzz_parse_kinds(fz, arg);
		break;
	case OPT_FUZZ_LOG:
		args->fuzz_log = arg;
		break;
	default:
		errno = 0;
		v = strtoul(arg, &end, 0);
		if (errno || *end || !*arg || *arg == '-' ||
		    v > (opt == OPT_FUZZ_DELAY ? 3600000 : 4096))
			ret = -EINVAL;
		else if (opt == OPT_FUZZ_DELAY)
			fz->delay_ms = v;
		else
			fz->flood = v;
	}
	if (ret)
		fprintf(stderr, "vdev: bad value '%s' for a --fuzz option\n", arg);
	return ret ? -1 : 0;
}

/* Returns 0, 1 after --help, or -1 on a usage error. */
static int parse_args(int argc, char **argv, struct vdev *dev,
		      struct vdev_args *args)
{
	struct option *opts = merge_options(dev->model);
	int opt, ret = 0;

	if (!opts)
		return -1;
	while (!ret && (opt = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (opt) {
		case OPT_SOCKET:
			args->socket = optarg;
			break;
		case OPT_DEVICE:
			break;
		case OPT_ONCE:
			args->once = true;
			break;
		case OPT_LOG:
			args->log = optarg;
			break;
		case OPT_FAULT:
			if (vdev_control_fault(dev, optarg, false, stderr)) {
				fprintf(stderr, "vdev: bad --fault '%s'\n", optarg);
				ret = -1;
			}
			break;
		case OPT_PROTOCOL_FEATURES:
			if (parse_mask(optarg, &args->protocol_offer) ||
			    args->protocol_offer & ~VU_SUPPORTED_PROTOCOL_FEATURES) {
				fprintf(stderr, "vdev: protocol features must be within 0x%llx\n",
					(unsigned long long)VU_SUPPORTED_PROTOCOL_FEATURES);
				ret = -1;
			}
			break;
		case OPT_OFFER_CONFIG:
			args->protocol_offer |= BIT_ULL(VHOST_USER_PROTOCOL_F_CONFIG);
			break;
		case OPT_OFFER_INDIRECT:
			dev->offered_features |= BIT_ULL(VIRTIO_F_INDIRECT_DESC);
			break;
		case OPT_OFFER_EVENT_IDX:
			dev->offered_features |= BIT_ULL(VIRTIO_F_EVENT_IDX);
			break;
		case OPT_CONTROL_DIR:
			args->control_dir = optarg;
			break;
		case OPT_FUZZ:
		case OPT_FUZZ_RING:
		case OPT_FUZZ_SLOW:
		case OPT_FUZZ_DELAY:
		case OPT_FUZZ_FLOOD:
		case OPT_FUZZ_KINDS:
		case OPT_FUZZ_LOG:
			ret = parse_fuzz(dev, opt, optarg, args);
			break;
		case OPT_TIMING:
			if (vdev_timing_enable(&dev->timing)) {
				fprintf(stderr, "vdev: --timing: out of memory\n");
				ret = -1;
			}
			break;
		case OPT_RING_FEATURES:
			if (vdev_ring_features(dev, optarg)) {
				fprintf(stderr, "vdev: bad --ring-features '%s'\n",
					optarg);
				ret = -1;
			}
			break;
		case 'v':
			vlog_set_level(VLOG_DEBUG);
			break;
		case 'h':
			usage(stdout, dev->model);
			ret = 1;
			break;
		default:
			if (opt >= VDEV_OPT_MODEL_BASE && dev->model->parse_option &&
			    !dev->model->parse_option(dev, opt, optarg))
				break;
			if (opt >= VDEV_OPT_MODEL_BASE)
				fprintf(stderr, "vdev: bad value '%s' for a %s option\n",
					optarg ? optarg : "", dev->model->name);
			ret = -1;
		}
	}
	free(opts);
	if (!ret && optind < argc) {
		fprintf(stderr, "vdev: unexpected argument '%s'\n", argv[optind]);
		ret = -1;
	}
	if (!ret && !args->socket) {
		fprintf(stderr, "vdev: --socket is required\n");
		ret = -1;
	}
	return ret;
}

static int run(struct vdev *dev, struct loop *loop, struct vdev_args *args)
{
	struct vdev_control control = { .fd = -1 };
	struct vu_server server;
	int ret;

	ret = loop_catch_signals(loop);
	if (ret) {
		log_err("signals: %s", strerror(-ret));
		return ret;
	}
	vu_server_init(&server, dev, loop, args->protocol_offer);
	server.once = args->once;
	ret = vu_server_listen(&server, args->socket);
	if (ret) {
		log_err("cannot listen on %s: %s", args->socket, strerror(-ret));
		return ret;
	}
	if (args->control_dir) {
		ret = vdev_control_init(&control, dev, loop, args->control_dir);
		if (ret) {
			log_err("control directory %s: %s", args->control_dir,
				strerror(-ret));
			vu_server_fini(&server);
			return ret;
		}
	}
	log_info("serving %s (virtio id %u)", dev->model->name,
		 dev->model->device_id);
	ret = loop_run(loop);
	vdev_control_fini(&control);
	vu_server_fini(&server);
	return ret;
}

int main(int argc, char **argv)
{
	struct vdev_args args = {
		.protocol_offer = VU_DEFAULT_PROTOCOL_FEATURES,
	};
	const struct vdev_model *model = find_model(argc, argv);
	FILE *log = NULL, *fuzz_log = NULL;
	struct loop loop;
	struct vdev dev;
	int ret;

	if (!model) {
		usage(stderr, NULL);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	ret = loop_init(&loop);
	if (!ret)
		ret = vdev_init(&dev, model, &loop);
	if (ret) {
		fprintf(stderr, "vdev: %s\n", strerror(-ret));
		return 1;
	}
	ret = parse_args(argc, argv, &dev, &args);
	if (ret) {
		vdev_fini(&dev);
		loop_fini(&loop);
		if (ret < 0)
			usage(stderr, model);
		return ret < 0 ? 2 : 0;
	}
	if (args.log) {
		log = fopen(args.log, "a");
		if (!log) {
			fprintf(stderr, "vdev: %s: %s\n", args.log, strerror(errno));
			return 1;
		}
		vlog_set_file(log);
	}
	if (args.fuzz_log) {
		fuzz_log = fopen(args.fuzz_log, "we");
		if (!fuzz_log) {
			fprintf(stderr, "vdev: %s: %s\n", args.fuzz_log,
				strerror(errno));
			return 1;
		}
		dev.fuzz.log = fuzz_log;
	}
	ret = run(&dev, &loop, &args);
	if (dev.fuzz.configured) {
		fprintf(stderr, "vdev: reply fuzzer statistics:\n");
		vdev_fuzz_print_stats(&dev, stderr, "vdev: fuzz: ");
	}
	vdev_timing_report(&dev.timing, stderr);
	vdev_fini(&dev);
	loop_fini(&loop);
	if (fuzz_log)
		fclose(fuzz_log);
	if (log)
		fclose(log);
	return ret ? 1 : 0;
}
