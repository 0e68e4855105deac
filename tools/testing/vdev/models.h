/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device models built into vdev; main.c lists them for --device.
 */
#ifndef VDEV_MODELS_H
#define VDEV_MODELS_H

#include "device.h"

extern const struct vdev_model scmi_model;
extern const struct vdev_model rtc_model;

#endif /* VDEV_MODELS_H */
