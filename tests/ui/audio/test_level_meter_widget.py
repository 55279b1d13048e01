from echo_fieldwork.ui.audio.level_meter_widget import FLOOR_DBFS, LevelMeterWidget
from echo_fieldwork.ui.audio.recorder import RecorderBridge


def test_level_meter_follows_the_bridge_and_lights_the_clipping_lamp(qtbot):
    meter = LevelMeterWidget()
    qtbot.addWidget(meter)
    bridge = RecorderBridge()
    bridge.level_measured.connect(meter.set_level)
    callbacks = bridge.callbacks()
    callbacks.on_level(-20.0, -6.0, False)
    assert (meter.rms_dbfs, meter.peak_dbfs, meter.clipping) == (-20.0, -6.0, False)
    callbacks.on_level(-1.0, 0.0, True)
    assert meter.clipping and "-1 dBFS" in meter.toolTip()
    callbacks.on_level(-200.0, -150.0, False)
    assert meter.rms_dbfs == FLOOR_DBFS          # clamped to the scale
    meter.resize(300, 24)
    assert not meter.grab().isNull()
    meter.reset()
    assert not meter.clipping
