// VoltWise node: ESP8266 NodeMCU (or ESP32) + PZEM-004T v3 meter(s) + relay(s), speaking the
// VoltWise MQTT node protocol v1 (docs/mqtt-protocol.md).
//
// - Publishes power, voltage, current, energy, frequency and power factor every
//   TELEMETRY_INTERVAL_MS on homesync/<home>/nodes/<node>/telemetry/<metric>: bare numbers for
//   relay 0's meter, {"value": <number>, "relay": n} for the meter of relay n.
// - Keeps a retained "online" on .../status, with a retained "offline" last will.
// - Keeps a retained "on"/"off" per relay on .../state/relay (relay 0) and .../state/relay/<n>
//   (relay n): after every connection and every change (command or button).
// - Carries out {"id": "...", "state": "on"|"off", "relay": n} from .../command/relay ("relay"
//   missing: relay 0) and answers on .../response/command with the same id.
// - Keeps a retained {"firmware": ..., "rssi": ..., "uptime": ...} on .../device_status: after
//   every connection and every DEVICE_STATUS_INTERVAL_MS.
//
// Libraries: PubSubClient 2.8 (Nick O'Leary), PZEM004Tv30 1.1.x (Jakub Mandula),
// ArduinoJson 7.x (Benoit Blanchon). Board: ESP8266 core 3.x, "NodeMCU 1.0 (ESP-12E Module)",
// or ESP32 core 2.x/3.x (several relays). See README.md next to this file for wiring and settings.

#include <Arduino.h>
#include <ArduinoJson.h>
#include <PZEM004Tv30.h>
#include <PubSubClient.h>
#if defined(ESP32)
#include <WiFi.h>
#else
#include <ESP8266WiFi.h>
#include <SoftwareSerial.h>
#endif

// ---- settings -------------------------------------------------------------------------------

static const char *WIFI_SSID = "your-wifi";
static const char *WIFI_PASSWORD = "your-wifi-password";

static const char *MQTT_HOST = "192.168.1.10";  // the broker Home Assistant's MQTT uses
static const uint16_t MQTT_PORT = 1883;
static const char *MQTT_USER = "";      // empty: connect anonymously
static const char *MQTT_PASSWORD = "";

// Must match the appliance in VoltWise exactly: 1-64 of A-Z a-z 0-9 _ . : -
static const char *HOME_ID = "home1";
static const char *NODE_ID = "kettle";

static const uint32_t TELEMETRY_INTERVAL_MS = 5000;
static const uint32_t DEVICE_STATUS_INTERVAL_MS = 60000;
static const char *FIRMWARE_VERSION = "1.2.0";  // shown as the device's firmware in VoltWise
static const bool RELAY_ACTIVE_LOW = false;  // true for relay boards that switch on a LOW input
static const uint16_t MQTT_KEEPALIVE_S = 15;  // the broker sends the will ~1.5x this after a power cut

// ---- wiring -----------------------------------------------------------------------------------
// Relay n is VoltWise's relay index n (add one appliance per relay, with that index). Each relay
// may have its own PZEM-004T on the shared serial bus, at its own Modbus address (set once with
// the library's setAddress example); METER_ADDRESSES[n] is relay n's meter, 0 for none.

#if defined(ESP32)
static const uint8_t PIN_PZEM_RX = 16;  // UART2 RX <- PZEM TX
static const uint8_t PIN_PZEM_TX = 17;  // UART2 TX -> PZEM RX
static const uint8_t RELAY_COUNT = 4;
static const uint8_t RELAY_PINS[RELAY_COUNT] = {26, 27, 32, 33};   // -> relay module IN1..IN4
static const uint8_t BUTTON_PINS[RELAY_COUNT] = {18, 19, 21, 22};  // <- push buttons to GND
static const uint8_t METER_ADDRESSES[RELAY_COUNT] = {0x01, 0x02, 0x03, 0x04};
#else
static const uint8_t PIN_PZEM_RX = D5;  // GPIO14 <- PZEM TX
static const uint8_t PIN_PZEM_TX = D6;  // GPIO12 -> PZEM RX
static const uint8_t RELAY_COUNT = 1;
static const uint8_t RELAY_PINS[RELAY_COUNT] = {D1};   // GPIO5 -> relay module IN
static const uint8_t BUTTON_PINS[RELAY_COUNT] = {D2};  // GPIO4 <- push button to GND (pull-up)
static const uint8_t METER_ADDRESSES[RELAY_COUNT] = {PZEM_DEFAULT_ADDR};  // the only PZEM
#endif

// ---- constants ------------------------------------------------------------------------------

static const uint32_t MQTT_RETRY_MS = 5000;
static const uint32_t DEBOUNCE_MS = 50;
static const size_t ID_MAX_LEN = 64;
static const size_t TOPIC_LEN = 192;  // "homesync/" + 64 + "/nodes/" + 64 + "/response/command"

#if defined(ESP32)
HardwareSerial &pzemSerial = Serial2;
#define PZEM_FOR(address) PZEM004Tv30(pzemSerial, PIN_PZEM_RX, PIN_PZEM_TX, (address))
#else
SoftwareSerial pzemSerial(PIN_PZEM_RX, PIN_PZEM_TX);
#define PZEM_FOR(address) PZEM004Tv30(pzemSerial, (address))
#endif
// One meter object per relay (those at address 0 are never read); the library begins the serial
// port at 9600 baud itself.
PZEM004Tv30 *meters[RELAY_COUNT];
WiFiClient wifiClient;
PubSubClient mqtt(wifiClient);

char topicBase[TOPIC_LEN];
char topicStatus[TOPIC_LEN];
char topicRelayState[RELAY_COUNT][TOPIC_LEN];
char topicCommand[TOPIC_LEN];
char topicResponse[TOPIC_LEN];
char topicDeviceStatus[TOPIC_LEN];
char clientId[80];

bool relayOn[RELAY_COUNT] = {};  // every relay starts open after every boot (the safe state)
uint32_t lastTelemetryAt = 0;
uint32_t lastDeviceStatusAt = 0;
uint32_t lastMqttAttemptAt = 0;
bool mqttAttempted = false;

// The last command, so that a QoS 1 redelivery gets the same answer without switching again.
char lastCommandId[ID_MAX_LEN + 1] = "";
int lastCommandRelay = 0;
bool lastCommandOk = false;
const char *lastCommandError = "";

// ---- relay and button -----------------------------------------------------------------------

void writeRelayPin(uint8_t relay, bool on) {
  digitalWrite(RELAY_PINS[relay], (on != RELAY_ACTIVE_LOW) ? HIGH : LOW);
}

void publishRelayState(uint8_t relay) {
  // Retained, one topic per relay: whoever subscribes later (Home Assistant after a restart)
  // learns every relay's state.
  mqtt.publish(topicRelayState[relay], relayOn[relay] ? "on" : "off", true);
}

void setRelay(uint8_t relay, bool on) {
  if (on == relayOn[relay]) {
    return;
  }
  relayOn[relay] = on;
  writeRelayPin(relay, on);
  publishRelayState(relay);  // does nothing while disconnected; sent again on (re)connection
}

void handleButtons() {
  static int lastReading[RELAY_COUNT];
  static int stableReading[RELAY_COUNT];
  static uint32_t changedAt[RELAY_COUNT];
  static bool started = false;
  if (!started) {
    for (uint8_t i = 0; i < RELAY_COUNT; i++) {
      lastReading[i] = stableReading[i] = HIGH;
    }
    started = true;
  }
  for (uint8_t i = 0; i < RELAY_COUNT; i++) {
    int reading = digitalRead(BUTTON_PINS[i]);
    if (reading != lastReading[i]) {
      lastReading[i] = reading;
      changedAt[i] = millis();
    }
    if (millis() - changedAt[i] >= DEBOUNCE_MS && reading != stableReading[i]) {
      stableReading[i] = reading;
      if (stableReading[i] == LOW) {  // pressed
        setRelay(i, !relayOn[i]);
      }
    }
  }
}

// ---- commands -------------------------------------------------------------------------------

bool isValidId(const char *id) {
  size_t len = strlen(id);
  if (len == 0 || len > ID_MAX_LEN) {
    return false;
  }
  for (size_t i = 0; i < len; i++) {
    char c = id[i];
    if (!(isalnum((unsigned char)c) || c == '_' || c == '.' || c == ':' || c == '-')) {
      return false;
    }
  }
  return true;
}

void answer(const char *id, int relay, bool ok, const char *error) {
  // ids are validated and errors are constants without quotes, so no JSON escaping is needed.
  char body[176];
  if (ok) {
    snprintf(body, sizeof(body), "{\"id\":\"%s\",\"ok\":true,\"state\":\"%s\",\"relay\":%d}", id,
             relayOn[relay] ? "on" : "off", relay);
  } else {
    snprintf(body, sizeof(body), "{\"id\":\"%s\",\"ok\":false,\"error\":\"%s\"}", id, error);
  }
  mqtt.publish(topicResponse, body, false);
}

void onMessage(char *topic, byte *payload, unsigned int length) {
  if (strcmp(topic, topicCommand) != 0) {
    return;
  }
  JsonDocument doc;
  if (deserializeJson(doc, payload, length)) {
    return;  // not JSON: there is no id to answer
  }
  const char *rawId = doc["id"] | "";
  if (!isValidId(rawId)) {
    return;  // no usable id: the answer could not be matched anyway
  }
  // Copy what we need now: publishing below reuses PubSubClient's buffer, which holds payload.
  char id[ID_MAX_LEN + 1];
  strlcpy(id, rawId, sizeof(id));
  char state[8];
  strlcpy(state, doc["state"] | "", sizeof(state));
  // No "relay": relay 0 (what VoltWise sends for a single-relay node). Anything but a whole
  // number of an existing relay is refused.
  JsonVariant rawRelay = doc["relay"];
  int relay = rawRelay.isNull() ? 0 : (rawRelay.is<int>() ? rawRelay.as<int>() : -1);

  if (strcmp(id, lastCommandId) == 0) {  // a redelivered command: same answer, no action
    answer(id, lastCommandRelay, lastCommandOk, lastCommandError);
    return;
  }
  bool ok = true;
  const char *error = "";
  if (relay < 0 || relay >= RELAY_COUNT) {
    ok = false;
    error = "no such relay";
    relay = 0;
  } else if (strcmp(state, "on") == 0) {
    setRelay(relay, true);  // publishes the relay's state before the answer
  } else if (strcmp(state, "off") == 0) {
    setRelay(relay, false);
  } else {
    ok = false;
    error = "bad state";
  }
  strlcpy(lastCommandId, id, sizeof(lastCommandId));
  lastCommandRelay = relay;
  lastCommandOk = ok;
  lastCommandError = error;
  answer(id, relay, ok, error);
}

// ---- MQTT connection ------------------------------------------------------------------------

void publishDeviceStatus() {
  char body[96];
  // uptime: seconds since boot (millis() wraps after 49 days; the seconds counter would too,
  // so the node reports the wrapped value and VoltWise shows what it is told).
  snprintf(body, sizeof(body), "{\"firmware\":\"%s\",\"rssi\":%d,\"uptime\":%lu}",
           FIRMWARE_VERSION, (int)WiFi.RSSI(), (unsigned long)(millis() / 1000));
  mqtt.publish(topicDeviceStatus, body, true);
  lastDeviceStatusAt = millis();
}

void buildTopics() {
  snprintf(topicBase, sizeof(topicBase), "homesync/%s/nodes/%s", HOME_ID, NODE_ID);
  snprintf(topicStatus, sizeof(topicStatus), "%s/status", topicBase);
  for (uint8_t i = 0; i < RELAY_COUNT; i++) {
    if (i == 0) {  // relay 0 keeps the single-relay topic
      snprintf(topicRelayState[i], TOPIC_LEN, "%s/state/relay", topicBase);
    } else {
      snprintf(topicRelayState[i], TOPIC_LEN, "%s/state/relay/%u", topicBase, (unsigned)i);
    }
  }
  snprintf(topicCommand, sizeof(topicCommand), "%s/command/relay", topicBase);
  snprintf(topicResponse, sizeof(topicResponse), "%s/response/command", topicBase);
  snprintf(topicDeviceStatus, sizeof(topicDeviceStatus), "%s/device_status", topicBase);
  snprintf(clientId, sizeof(clientId), "voltwise-%s", NODE_ID);
}

void connectMqtt() {
  if (mqttAttempted && millis() - lastMqttAttemptAt < MQTT_RETRY_MS) {
    return;
  }
  mqttAttempted = true;
  lastMqttAttemptAt = millis();
  const char *user = MQTT_USER[0] ? MQTT_USER : nullptr;
  const char *password = MQTT_USER[0] ? MQTT_PASSWORD : nullptr;
  // Last will: the broker publishes a retained "offline" when the connection is lost.
  if (!mqtt.connect(clientId, user, password, topicStatus, 1, true, "offline")) {
    Serial.printf("MQTT connection failed, state %d\n", mqtt.state());
    return;
  }
  Serial.println("MQTT connected");
  mqtt.publish(topicStatus, "online", true);
  for (uint8_t i = 0; i < RELAY_COUNT; i++) {
    publishRelayState(i);
  }
  publishDeviceStatus();
  mqtt.subscribe(topicCommand, 1);
}

// ---- telemetry ------------------------------------------------------------------------------

void publishMetric(uint8_t relay, const char *metric, float value, unsigned char decimals) {
  if (isnan(value)) {
    return;  // the PZEM gave no reading (no mains, wiring fault): publish nothing
  }
  char topic[TOPIC_LEN];
  char number[24];
  char payload[48];
  snprintf(topic, sizeof(topic), "%s/telemetry/%s", topicBase, metric);
  dtostrf(value, 1, decimals, number);
  if (relay == 0) {  // a bare number is relay 0's, as a single-relay node always sent
    mqtt.publish(topic, number, false);
  } else {
    snprintf(payload, sizeof(payload), "{\"value\":%s,\"relay\":%u}", number, (unsigned)relay);
    mqtt.publish(topic, payload, false);
  }
}

void publishTelemetry() {
  for (uint8_t i = 0; i < RELAY_COUNT; i++) {
    PZEM004Tv30 *pzem = meters[i];
    if (pzem == nullptr) {
      continue;  // this relay's circuit has no meter
    }
    // The library reads all registers in one request and caches them for 200 ms.
    publishMetric(i, "power", pzem->power(), 1);
    publishMetric(i, "voltage", pzem->voltage(), 1);
    publishMetric(i, "current", pzem->current(), 3);
    publishMetric(i, "energy", pzem->energy(), 3);  // kWh
    publishMetric(i, "frequency", pzem->frequency(), 1);
    publishMetric(i, "power_factor", pzem->pf(), 2);
  }
}

// ---- main -----------------------------------------------------------------------------------

void setup() {
  Serial.begin(115200);
  for (uint8_t i = 0; i < RELAY_COUNT; i++) {
    writeRelayPin(i, false);  // set the level before enabling the output: no glitch at boot
    pinMode(RELAY_PINS[i], OUTPUT);
    pinMode(BUTTON_PINS[i], INPUT_PULLUP);
    meters[i] = METER_ADDRESSES[i] ? new PZEM_FOR(METER_ADDRESSES[i]) : nullptr;
  }

  buildTopics();
  WiFi.mode(WIFI_STA);
  WiFi.setAutoReconnect(true);
  WiFi.begin(WIFI_SSID, WIFI_PASSWORD);

  mqtt.setServer(MQTT_HOST, MQTT_PORT);
  mqtt.setCallback(onMessage);
  mqtt.setBufferSize(512);
  mqtt.setKeepAlive(MQTT_KEEPALIVE_S);
  mqtt.setSocketTimeout(5);  // a failed connection attempt blocks the loop at most this long
}

void loop() {
  handleButtons();
  if (WiFi.status() == WL_CONNECTED) {
    if (mqtt.connected()) {
      mqtt.loop();
    } else {
      connectMqtt();
    }
  }
  if (millis() - lastTelemetryAt >= TELEMETRY_INTERVAL_MS) {
    lastTelemetryAt = millis();
    if (mqtt.connected()) {
      publishTelemetry();
    }
  }
  if (mqtt.connected() && millis() - lastDeviceStatusAt >= DEVICE_STATUS_INTERVAL_MS) {
    publishDeviceStatus();
  }
}
