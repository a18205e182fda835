import type { ProfileInput } from "../../schema.js";

/**
 * `GET /ISAPI/System/capabilities` (DeviceCap) of a real DS-7608NXI-I2 on V4.62.210 build 230619, as captured:
 * real-responses/DS-7608NXI-I2/System_capabilities.json (`response.DeviceCap`, hikvision_next
 * diagnostics dump @ f6dac0dabb26), unchanged — attributes as `@name`, text beside attributes
 * as `#text`, repeated elements as arrays, empty elements null. Values the device owns (the
 * SecurityCap salt, the web auth setting) are filled in per device when served
 * (http/isapi/system-capabilities.ts).
 */
export const DS_7608NXI_I2_CAPABILITIES: NonNullable<ProfileInput["system"]>["capabilities"] = {
  "@version": "2.0",
  "@xmlns": "http://www.isapi.org/ver20/XMLSchema",
  "SysCap": {
    "isSupportDst": "true",
    "NetworkCap": {
      "isSupportWireless": "false",
      "isSupportWAN": "false",
      "isSupportPPPoE": "true",
      "isSupportBond": "false",
      "isSupport802_1x": "true",
      "isSupportNtp": "true",
      "isSupportFtp": "false",
      "isSupportUpnp": "true",
      "isSupportPNP": "false",
      "isSupportDdns": "true",
      "isSupportHttps": "true",
      "SnmpCap": {
        "isSupport": "true"
      },
      "isSupportExtNetCfg": "true",
      "isSupportNetPreviewStrategy": "false",
      "isSupportEZVIZ": "true",
      "GB28181Cap": {
        "isSupportGB28181Service": "false"
      },
      "VerificationCodeModification": {
        "@opt": "true,false",
        "verificationCodeType": {
          "@opt": "normal,empty",
          "#text": "normal"
        },
        "isSupportDeclarationURL": "true",
        "isSupportPrivacyPolicyURL": "true",
        "verificationCodeModify": "true",
        "Hyperlinks": {
          "declarationURL": "https://www.hik-connect.com/views/terms/termsofservice.html",
          "privacyPolicyURL": "https://www.hik-connect.com/views/terms/privacypolicy.html"
        },
        "isSupportVerificationCodeCheck": "true"
      },
      "isSupportIntegrate": "true",
      "isSupportEZVIZTiming": "true",
      "isSupportResourceStatistics": "true",
      "isSupportBandwidthLimit": "true",
      "isSupportPOEPortsDisableAdaptiveServer": "true",
      "isSupportPOEConfiguration": "true",
      "isSupportGetLinkSocketIP": "true",
      "isSupportWebSocket": "true",
      "isSupportEventDataOverWebSocket": "true",
      "Adaption": {
        "streamType": {
          "@opt": "3"
        },
        "isSupportPlayback": "true"
      }
    },
    "IOCap": {
      "IOInputPortNums": "4",
      "IOOutputPortNums": "1",
      "SoftIOInputPortNums": "8",
      "isSupportIOOutputAdvanceParameter": "true",
      "isSupportCombinationAlarm": "true",
      "isSupportSetAllIOOutput": "true",
      "enabledIOOutputPortNums": "0",
      "isSupportAlarmKeyParam": "true"
    },
    "SerialCap": {
      "rs485PortNums": "0",
      "supportRS232Config": "false",
      "rs422PortNums": "0",
      "rs232PortNums": "0",
      "isSupportAuthenticationService": "true"
    },
    "VideoCap": {
      "videoInputPortNums": "0",
      "videoOutputPortNums": "3",
      "menuNums": "2",
      "isSupportHeatmap": "true",
      "isSupportCounting": "true",
      "countingType": "human",
      "isSupportOutputsResource": "true",
      "isSupportMultiChannelCounting": "true",
      "isSupportCountingCollection": "true",
      "isSupportHeatmapCollection": "true",
      "channelFlexible": {
        "@opt": "name,online,linknum"
      },
      "isSupportMixedChannel": "true",
      "isSupportMixedChannelStatus": "true"
    },
    "AudioCap": {
      "audioInputNums": "1",
      "audioOutputNums": "1"
    },
    "isSupportHolidy": "true",
    "RebootConfigurationCap": {
      "ONVIF": "true",
      "RTSP": "true",
      "HTTP": "true"
    },
    "isSupportSubscribeEvent": "true",
    "isSupportDiagnosedData": "true",
    "isSupportChangedUpload": "true",
    "isSupportGettingWorkingStatus": "true",
    "isSupportGettingChannelInfoByCondition": "true",
    "isSupportDiagnosedDataParameter": "true",
    "isSupportTimeCap": "true"
  },
  "voicetalkNums": "2",
  "isSupportSnapshot": "true",
  "SecurityCap": {
    "supportUserNums": "32",
    "userBondIpNums": "1",
    "userBondMacNums": "1",
    "securityVersion": {
      "@opt": "1"
    },
    "keyIterateNum": "100",
    "isSupportUserCheck": "true",
    "isSupportGetOnlineUserListSC": "true",
    "isSupportONVIFUserManagement": "true",
    "WebCertificateCap": {
      "CertificateType": {
        "@opt": "digest,digest/basic",
        "#text": "digest"
      },
      "SecurityAlgorithm": {
        "algorithmType": {
          "@opt": "MD5,SHA256,MD5/SHA256"
        }
      }
    },
    "isSupportConfigFileImport": "true",
    "isSupportConfigFileExport": "true",
    "cfgFileSecretKeyLenLimit": {
      "@min": "1",
      "@max": "16"
    },
    "isSupportPictureURlCertificate": {
      "@opt": "true,false",
      "#text": "true"
    },
    "isSupportUnloggedUserPermissionConfig": {
      "@opt": "true,false",
      "#text": "true"
    },
    "isSupportUserNamePasswordCheckUpgrade": "true",
    "isSupportDeviceCertificatesManagement": "true",
    "isSupportDeviceSelfSignCertExport": "true"
  },
  "EventCap": {
    "isSupportHDFull": "true",
    "isSupportHDError": "true",
    "isSupportNicBroken": "true",
    "isSupportIpConflict": "true",
    "isSupportIllAccess": "true",
    "isSupportViException": "false",
    "isSupportViMismatch": "false",
    "isSupportRecordException": "true",
    "isSupportRaidException": "false",
    "isSupportViResMismatch": "false",
    "isSupportPOCException": "false",
    "isSupportSmartDetection": "false",
    "isSupportSpareException": "false",
    "isSupportHumanRecognition": "true",
    "isSupportFaceContrast": "true",
    "isSupportWhiteListFaceContrast": "false",
    "isSupportStudentsStoodUp": "true",
    "isSupportFaceSnap": "true",
    "isSupportPersonDensityDetection": "true",
    "isSupportPersonQueueDetection": "true",
    "isSupportSafetyHelmetDetection": "true",
    "isSupportTeacherBehaviorDetect": "true",
    "isSupportCityManagement": "true",
    "isSupportMixedTargetDetection": "true",
    "isSupportFaceSnapModeling": "true",
    "isSupportTriggerCapCheck": "true",
    "isSupportPTEventCfg": "true"
  },
  "RacmCap": {
    "isSupportZeroChan": "true",
    "inputProxyNums": "8",
    "eSATANums": "0",
    "miniSASNums": "0",
    "nasNums": "8",
    "ipSanNums": "8",
    "isSupportRaid": "false",
    "isSupportExtHdCfg": "true",
    "isSupportTransCode": "true",
    "isSupportIpcImport": "true",
    "isSupportIpcStreamType": "true",
    "isSupportIOInputProxy": "true",
    "isSupportIOOutputProxy": "true",
    "isSupportPTZRs485Proxy": "true",
    "isSupportSMARTTest": "true",
    "pictureSearchType": {
      "@opt": "CMR,MOTION,ALARM,EDR,ALARMANDMOTION,Command,manual,AllEvent,manualSnapShot,playSnapShot,fireDetection,shipsDetection,thermometryAlarm,thermometryDiffAlarm,personQueueCounting,personQueueTime,smokeDetection,smokeAndFireDetection,vehicleDetection,objectsThrownDetection,allPic"
    },
    "recordSearchType": {
      "@opt": "CMR,MOTION,ALARM,EDR,ALARMANDMOTION,Command,manual,AllEvent,POS"
    },
    "isSupportActivateIpc": "true",
    "isSupportCheckIpcSecurity": {
      "isSupportCheckPassword": "true"
    },
    "isSupportSyncIPCPassword": "true",
    "isSupportTransferIPC": "true",
    "isSupportMainAndSubRecord": "true",
    "isSupportSmartSearch": "true",
    "isSupportPOS": "true",
    "isSupportLinkNum": "true",
    "isSupportStorageExtraInfo": "true",
    "ExternalDevice": {
      "USB": {
        "debugLogOutput": "true",
        "isSupportCapturePackage": "true",
        "isSupportStreamStorage": "true"
      }
    },
    "customProtocolNums": "8",
    "isSupportIPCTiming": "true",
    "isSupportGetBackupDevice": "true",
    "isSupportAutoBackup": "false",
    "certificateValidationEnabled": "true",
    "defaultAdminPortEnabled": "true",
    "isSupportLogDataPackage": "true",
    "CloudStorageServerCap": {
      "isSupportCloudStorageParameter": "true",
      "isSupportCloudStoragePool": "false"
    },
    "isSupportWebPrivatePlaybackByUTC": "true",
    "isSupportFindCommonFileByUTC": "true",
    "isSupportFindEventFileByUTC": "true",
    "isSupportSmartSearchRecordByUTC": "true",
    "isSupportMRDSearchByTimeZone": "true",
    "isSupportSearchRecordLabelByUTC": "true",
    "isSupportSearchPictureByUTC": "true",
    "isSupportSmartSearchPictureByUTC": "true",
    "isSupportFindLogByUTC": "true",
    "isSupportUploadRecordByUTC": "true",
    "isSupportPlaybackByUTC": "true",
    "isSupportFaceDetecttionAlarmByTimeZone": "true",
    "isSupportCountingSearchByUTC": "true",
    "isSupportTimeSearch": "true",
    "eventRecordSearch": {
      "eventType": {
        "@opt": "all,faceSnap,VMD,defocus,scenechangedetection,PIR,fireSmartFireDetect,shipsDetection,TMA,TDA,framesPeopleCounting,personQueueTime,peopleDetection,safetyHelmetDetection,mixedTargetDetection,TMPA,smokeDetection,smokeAndFireDetection,audioexception,ANPR,alarmResult,alarmIn,behavior,posAlarm,IOTD,objectsThrownDetection"
      },
      "IOTD": {
        "DeviceEventTypeList": {
          "DeviceEventType": [
            {
              "deviceType": "0",
              "subEventType": {
                "@opt": "any,authenticated,authenticationFailed,openingDoor,closingDoor,doorException,remoteOperation,timeSynchronization,deviceException,deviceRecovered,alarmTriggered,alarmRecovered,callCenter"
              }
            },
            {
              "deviceType": "1",
              "subEventType": {
                "@opt": "any,tampering,duressAlarm,unlockingByPasswordFailed,unlockingDoorFailed,lockingDoorFailed,intercom,unlockingByPassword,unlockingByDuress,unlockingByCard,unlockingByResident,unlockingByCenter"
              }
            },
            {
              "deviceType": "3",
              "subEventType": {
                "@opt": "any,pirDetection,tampering,lowlightDetection,timer,temperature"
              }
            },
            {
              "deviceType": "4",
              "subEventType": {
                "@opt": "any,pirDetection,pirTamper,cloak,shock,failure,move,batteryLow"
              }
            },
            {
              "deviceType": "5",
              "subEventType": {
                "@opt": "any,pcFn,pcFr,pcNr,pcCr,tcTa,tcAm,tcAr,tcDq,tcSo,tcTr,tcFa,pcA1,pcA2,pcB1,pcB2,pcA11,pcA12,pcA22,pcA21,pcB11,pcB12,pcB22,pcB21"
              }
            },
            {
              "deviceType": "2",
              "subEventType": {
                "@opt": "any,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32"
              }
            }
          ]
        }
      }
    },
    "securityLogServer": {
      "isSupportLogServer": "true"
    },
    "isSupportRecordSearchByTargetType": "true",
    "isSupportSpare": "false",
    "isSupportPTEventTableTemplate": "false",
    "isSupportPTEventTableFile": "false",
    "diskGroupNums": "16",
    "isSupportDownloadAudio": "true",
    "isSupportAudioDailyDistribution": "true",
    "isSupportAudioChanCap": "true"
  },
  "PTZCtrlCap": {
    "isSupportPatrols": "true"
  },
  "SmartCap": {
    "isSupportROI": "false",
    "isSupportFaceDetect": "true",
    "isSupportIntelliTrace": "false",
    "isSupportFieldDetection": "true",
    "isSupportDefocusDetection": "true",
    "isSupportAudioDetection": "true",
    "isSupportSceneChangeDetection": "true",
    "isSupportLineDetection": "true",
    "isSupportRegionEntrance": "true",
    "isSupportRegionExiting": "true",
    "isSupportLoitering": "true",
    "isSupportGroup": "true",
    "isSupportRapidMove": "true",
    "isSupportParking": "true",
    "isSupportUnattendedBaggage": "true",
    "isSupportAttendedBaggage": "true",
    "isSupportShield": "true",
    "isSupportAnalysisUnitSwitch": "true",
    "isSupportSmartCalibration": "true",
    "isSupportShipsDetection": "true",
    "isSupportDetectionDistance": "false"
  },
  "isSupportEhome": "true",
  "isSupportStreamingEncrypt": "true",
  "TestCap": {
    "isSupportEmailTest": "true"
  },
  "ThermalCap": {
    "isSupportFireDetection": "true",
    "isSupportThermometry": "true",
    "isSupportRealtimeThermometry": "true",
    "isSupportNVR": "true",
    "isSupportThermometrySchedule": "true",
    "isSupportTemperatureSchedule": "true",
    "isSupportFireDetectionSchedule": "true",
    "isSupportTemperatureCollection": "true"
  },
  "isSupportGetmutexFuncErrMsg": "false",
  "isSupportTokenAuthenticate": [
    "true",
    "true"
  ],
  "isSupportStreamDualVCA": "true",
  "isSupportIntelligentAnalysisEngines": "true",
  "isSupportChannelEventCap": "true",
  "isSupportEncryption": "true",
  "isSupportSSDFileSystemUpgrade": "false",
  "isSupportSSDFileSystemFormat": "true",
  "isSupportSSDFileSystemCapacity": "true",
  "isSupportCameraAccessConfiguration": "true",
  "isSupportIntelligentSearch": "true",
  "isSupportRtspOverHTTPS": "true",
  "isSupportIntersectionAnalysis": "true",
  "isSupportChannelFullEventListCap": "true",
  "isSupportAUXInfoCap": "true",
  "IOTCap": {
    "supportChannelNum": "4",
    "startChannelNo": "1"
  },
  "isSupportShipsDetectionWithScene": "true",
  "isSupportObjectsThrownDetection": "true",
  "isSupportPictureServer": "true",
  "SHMCap": {
    "isSupportHighHDTemperature": "true",
    "isSupportLowHDTemperature": "true",
    "isSupportHDImpact": "true",
    "isSupportHDBadBlock": "true",
    "isSupportSevereHDFailure": "true"
  },
  "isSupportInputProxyDeviceInfo": "true",
  "isSupportLogException": "true",
  "isSupportISUPHttpPassthrough": "true",
  "isSupportCityCode": "true",
  "diskGroupNums": "16",
  "isSupportStreamRecordStatus": [
    "false",
    "false"
  ],
  "isSupportTimeTypeSTD": "true",
  "isSupportAudioRecordPlan": "true",
  "isSupportAudioDailyDistribution": "true",
  "isSupportProxyAIOP": "true"
};
